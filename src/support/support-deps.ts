import type { Logger } from 'pino';
import type { Accounts } from '../accounts/index.js';
import type { Clock } from '../lib/clock.js';
import type {
  IdSource,
  Mailer,
  PlatformConfig,
  ScopedDb,
  ScopedTx,
  SupportTables,
} from '../platform/index.js';
import type { Tenancy } from '../tenancy/index.js';
import type { AttachmentStore } from './attachment-store.js';
import type { SupportConfig } from './support-options.js';
import type { InvoiceSummary, SubscriptionSummary } from './views.js';

/** The desk's view of the database: its own tables only (support_*). */
export type SupportDb = ScopedDb<SupportTables>;
export type SupportTx = ScopedTx<SupportTables>;

/** What the desk's services read of the configuration. */
export type DeskConfig = Pick<PlatformConfig, 'publicUrl' | 'mailFrom'> &
  Omit<SupportConfig, 'supportInboundSmtpPort'>;

/** What the desk needs from billing: invoice ownership, plans and recent invoices for the context panel. */
export interface SupportBillingPort {
  subscriptions(customerId: string): Promise<SubscriptionSummary[]>;
  /** The invoice if it belongs to this customer, else null. */
  findInvoice(customerId: string, invoiceId: string): Promise<InvoiceSummary | null>;
  recentInvoices(customerId: string, limit: number): Promise<InvoiceSummary[]>;
  /** The customer's billing time zone: dates shown to people read in it. */
  timeZone(customerId: string): Promise<string>;
}

export type { InvoiceSummary, SubscriptionSummary };

export interface SupportDeps {
  config: DeskConfig;
  clock: Clock;
  db: SupportDb;
  logger: Logger;
  mailer: Pick<Mailer, 'send'>;
  tenancy: Pick<Tenancy, 'hosts'>;
  accounts: Pick<Accounts, 'getMe' | 'listStaff'>;
  billing: SupportBillingPort | null;
  files: AttachmentStore;
  newId: IdSource;
  /** The desk address replies go to (`support@…`). */
  supportAddress: string;
  /** The key that signs reply addresses, created on first use and kept in the database. */
  replyKey(): Promise<string>;
}

export function nowIso(deps: Pick<SupportDeps, 'clock'>): string {
  return deps.clock.now().toISOString();
}

export function isoAgo(deps: Pick<SupportDeps, 'clock'>, ms: number): string {
  return new Date(deps.clock.nowMs() - ms).toISOString();
}

export const HOUR_MS = 3_600_000;
export const DAY_MS = 24 * HOUR_MS;
