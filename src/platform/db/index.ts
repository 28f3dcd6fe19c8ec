export {
  openDatabase,
  sqliteFileFor,
  type Db,
  type DbOrTx,
  type Tx,
  type Dialect,
  type DatabaseHandle,
} from './database.js';
export { scopedDb, type AnyDb, type PlatformDb, type ScopedDb, type ScopedTx } from './scoped.js';
export {
  migrateToLatest,
  migrateDownAll,
  migrationStatus,
  knownMigrations,
  type MigrationReport,
  type MigrationStatus,
} from './migrator.js';
export type * from './schema.js';
export type * from './schema-platform.js';
export type * from './schema-accounts.js';
export type * from './schema-tenancy.js';
export type * from './schema-xmpp.js';
export type * from './schema-support.js';
export type * from './schema-billing.js';
export type * from './schema-domains.js';
export type * from './schema-security.js';
export type * from './schema-diagnostics.js';
export type * from './schema-incidents.js';
export type * from './schema-monitoring.js';
export { isForeignKeyViolation, isUniqueViolation } from './errors.js';
export { refreshPlannerStatistics } from './statistics.js';
export { insertRows, type InsertRowsOptions } from './insert-rows.js';
export { compiledOnce, type SlotOf } from './compiled-once.js';
