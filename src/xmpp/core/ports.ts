/**
 * What the XMPP server needs from the business side, as narrow interfaces. tenancy's directory
 * satisfies them; unit tests use in-memory fakes.
 */
import type { ScramKeys } from '../../lib/scram.js';
import type { UsageBatch } from '../../lib/usage-report.js';

export type { UsageBatch, UsageReport } from '../../lib/usage-report.js';

export type HostStatus = 'active' | 'suspended' | 'terminated';

export interface HostRecord {
  id: string;
  domain: string;
  status: HostStatus;
  statusReason: string | null;
  customerId: string;
}

export interface MemberCredentials {
  memberId: string;
  status: 'active' | 'disabled';
  salt: Buffer;
  iterations: number;
  sha1: ScramKeys;
  sha256: ScramKeys;
}

export interface HostDirectory {
  findHostByDomain(domain: string): Promise<HostRecord | null>;
  getCredentials(hostId: string, username: string): Promise<MemberCredentials | null>;
  recordLogin(hostId: string, username: string): Promise<void>;
  recordActivity(hostId: string, username: string): Promise<void>;
  memberExists(hostId: string, username: string): Promise<boolean>;
  changePassword(hostId: string, username: string, newPassword: string): Promise<void>;
  /** Days the host's plan keeps message archives; null when it has no plan (kept without limit). */
  archiveRetentionDays(hostId: string): Promise<number | null>;
  /** The host plan's upload quota in MiB (XEP-0363 files); null when it has no plan (no quota). */
  uploadQuotaMb(hostId: string): Promise<number | null>;
}

export interface HostChangedEvent {
  hostId: string;
  domain: string;
  status?: HostStatus;
}

export interface MemberChangedEvent {
  hostId: string;
  domain: string;
  username: string;
}

export interface TenancyEventMap {
  'host.created': HostChangedEvent;
  'host.status_changed': HostChangedEvent;
  'host.deleted': HostChangedEvent;
  'member.disabled': MemberChangedEvent;
  'member.deleted': MemberChangedEvent;
  'member.password_changed': MemberChangedEvent;
}

export interface TenancyEvents {
  /** Returns the unsubscribe function. */
  on<K extends keyof TenancyEventMap>(event: K, listener: (payload: TenancyEventMap[K]) => void): () => void;
}

export interface TenancyPort {
  directory: HostDirectory;
  events: TenancyEvents;
}

export interface UsageSink {
  record(batch: UsageBatch): Promise<unknown>;
}

/** The part of pino (or any logger) the XMPP server writes to. */
export interface XmppLogger {
  debug(obj: object, msg?: string): void;
  info(obj: object, msg?: string): void;
  warn(obj: object, msg?: string): void;
  error(obj: object, msg?: string): void;
}

export interface CounterLike {
  inc(labels: Record<string, string>, value?: number): void;
}

/** platform/metrics satisfies this; so does a thin wrapper around a prom-client Registry. */
export interface CounterFactory {
  counter(spec: { name: string; help: string; labelNames?: readonly string[] }): CounterLike;
}
