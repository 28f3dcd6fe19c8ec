import type { Logger } from 'pino';
import type { Clock } from '../lib/clock.js';
import type { BillingTables, IdSource, JobScheduler, Mailer, ScopedDb, ScopedTx } from '../platform/index.js';
import type { Tenancy } from '../tenancy/index.js';
import type { PaymentGateway } from './gateway/payment-gateway.js';
import type { BillingSettings } from './settings.js';

/** Billing's view of the database: its own tables only (billing_*). */
export type BillingDb = ScopedDb<BillingTables>;
export type BillingTx = ScopedTx<BillingTables>;

/** Everything a billing service may touch, passed in explicitly by createBilling. */
export interface BillingDeps {
  db: BillingDb;
  clock: Clock;
  newId: IdSource;
  settings: BillingSettings;
  gateway: PaymentGateway;
  mailer: Mailer;
  jobs: JobScheduler;
  tenancy: Pick<Tenancy, 'hosts'>;
  logger: Logger;
  /** Base URL for links in emails. */
  publicUrl: string;
  /**
   * Fault injection for the crash tests: runs right after the gateway answered and before the
   * outcome is recorded, where a real worker could die.
   */
  afterGatewayCharge?: ((idempotencyKey: string) => void) | undefined;
}

export function nowIso(deps: Pick<BillingDeps, 'clock'>): string {
  return deps.clock.now().toISOString();
}
