import type { Clock } from '../lib/clock.js';
import type { IdSource, MonitoringTables, ScopedDb } from '../platform/index.js';

/** The monitoring area's view of the database: its own tables only (monitoring_*). */
export type MonitoringDb = ScopedDb<MonitoringTables>;

export interface MonitoringDeps {
  db: MonitoringDb;
  clock: Clock;
  newId: IdSource;
  /** Written into every row this process records, so several nodes can share the tables. */
  nodeId: string;
}
