import type { Clock } from '../lib/clock.js';
import type { Db, IdSource } from '../platform/index.js';
import type { TenancyEvents } from './tenancy-events.js';

/** Everything a tenancy service may touch, passed in explicitly by createTenancy. */
export interface TenancyDeps {
  db: Db;
  clock: Clock;
  events: TenancyEvents;
  newId: IdSource;
}

export function nowIso(deps: Pick<TenancyDeps, 'clock'>): string {
  return deps.clock.now().toISOString();
}
