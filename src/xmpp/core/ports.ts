/**
 * What the XMPP server needs from the business side, as narrow interfaces. tenancy's directory
 * satisfies them; unit tests use in-memory fakes.
 */
import type { ScramKeys } from '../../lib/scram.js';
import type { HostActivityBatch } from '../../lib/host-activity.js';
import type { UsageBatch } from '../../lib/usage-report.js';

export type { UsageBatch, UsageReport } from '../../lib/usage-report.js';
export type { HostActivityBatch } from '../../lib/host-activity.js';

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

/**
 * The limits of a host's plan that the XMPP server enforces, null where there is no limit. A new
 * limit (MUC rooms, PEP storage) is a new field here, read with the same call.
 */
export interface Entitlements {
  /** Days message archives are kept; null: without limit (a host without a plan). */
  archiveRetentionDays: number | null;
  /** MiB of XEP-0363 files the host's members may store together; null: no quota. */
  uploadQuotaMb: number | null;
  /** KiB each account may keep in PEP nodes and in private XML storage; null: the module's default. */
  pepStorageKb: number | null;
  /** XEP-0045 rooms the host keeps at once, temporary ones included; null: no limit. */
  maxRooms: number | null;
  /** People in one room at once; null: no limit. */
  maxRoomOccupants: number | null;
}

export interface HostEntitlements {
  hostId: string;
  entitlements: Entitlements;
}

export interface HostDirectory {
  findHostByDomain(domain: string): Promise<HostRecord | null>;
  getCredentials(hostId: string, username: string): Promise<MemberCredentials | null>;
  recordLogin(hostId: string, username: string): Promise<void>;
  recordActivity(hostId: string, username: string): Promise<void>;
  memberExists(hostId: string, username: string): Promise<boolean>;
  changePassword(hostId: string, username: string, newPassword: string): Promise<void>;
  /** The host's limits. Asked for on hot paths (every archived message), so kept cheap. */
  entitlements(hostId: string): Promise<Entitlements>;
  /** Every host on a plan with its limits, for jobs that enforce them on all hosts at once. */
  listEntitlements(): Promise<HostEntitlements[]>;
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

/** Where the figures a host's customer sees go (monitoring), once a minute. */
export interface ActivitySink {
  record(batch: HostActivityBatch): Promise<unknown>;
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
