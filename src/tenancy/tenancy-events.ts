import type { HostStatus, HostStatusReason } from './host-status-policy.js';

export interface HostCreatedEvent {
  hostId: string;
  domain: string;
  customerId: string;
  status: HostStatus;
}

export interface HostStatusChangedEvent {
  hostId: string;
  domain: string;
  status: HostStatus;
  statusReason: HostStatusReason | null;
}

export interface HostDeletedEvent {
  hostId: string;
  domain: string;
}

export interface MemberEvent {
  hostId: string;
  domain: string;
  username: string;
}

/** The host's plan limits were set or cleared (readers that keep them in memory reload). */
export interface HostEntitlementsChangedEvent {
  hostId: string;
}

export interface TenancyEventMap {
  'host.created': HostCreatedEvent;
  'host.entitlements_changed': HostEntitlementsChangedEvent;
  'host.status_changed': HostStatusChangedEvent;
  'host.deleted': HostDeletedEvent;
  'member.created': MemberEvent;
  'member.disabled': MemberEvent;
  'member.deleted': MemberEvent;
  'member.password_changed': MemberEvent;
}

export type TenancyEventName = keyof TenancyEventMap;
export type TenancyListener<E extends TenancyEventName> = (event: TenancyEventMap[E]) => void | Promise<void>;

/**
 * What changed in tenancy, for those who must react at once: the XMPP server closes the sessions of
 * a suspended host or a disabled member. Events are emitted only after the write committed, so a
 * listener never acts on a change that was rolled back. A failing listener is reported, never
 * thrown back at the writer: the change has already happened.
 */
export class TenancyEvents {
  private readonly listeners = new Map<TenancyEventName, Set<(event: never) => void | Promise<void>>>();

  constructor(private readonly reportListenerError: (error: unknown, eventName: TenancyEventName) => void) {}

  /** Returns the unsubscribe function. */
  on<E extends TenancyEventName>(name: E, listener: TenancyListener<E>): () => void {
    let set = this.listeners.get(name);
    if (!set) {
      set = new Set();
      this.listeners.set(name, set);
    }
    set.add(listener);
    return () => set.delete(listener);
  }

  emit<E extends TenancyEventName>(name: E, event: TenancyEventMap[E]): void {
    for (const listener of this.listeners.get(name) ?? []) {
      try {
        const result = (listener as TenancyListener<E>)(event);
        if (result instanceof Promise)
          result.catch((error: unknown) => this.reportListenerError(error, name));
      } catch (error) {
        this.reportListenerError(error, name);
      }
    }
  }
}
