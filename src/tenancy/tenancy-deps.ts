import type { Clock } from '../lib/clock.js';
import type { IdSource, ScopedDb, ScopedTx, TenancyTables } from '../platform/index.js';
import type { TenancyEvents } from './tenancy-events.js';

/** Tenancy's view of the database: its own tables only (hosts, members, entitlements). */
export type TenancyDb = ScopedDb<TenancyTables>;
export type TenancyTx = ScopedTx<TenancyTables>;

/** Customers' names, which accounts owns (and fills): the staff host list shows whose host it is. */
export interface CustomerNames {
  /** Names by customer id; ids it does not know are left out. */
  findCustomerNames(customerIds: readonly string[]): Promise<Map<string, string>>;
}

/** Everything a tenancy service may touch, passed in explicitly by createTenancy. */
export interface TenancyDeps {
  db: TenancyDb;
  clock: Clock;
  events: TenancyEvents;
  newId: IdSource;
  accounts: CustomerNames;
}

export function nowIso(deps: Pick<TenancyDeps, 'clock'>): string {
  return deps.clock.now().toISOString();
}
