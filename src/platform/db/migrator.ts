import { Migrator, type MigrationResult } from 'kysely';
import { migrations } from '../../../migrations/index.js';
import type { Db } from './database.js';

export interface MigrationReport {
  applied: string[];
}

export interface MigrationStatus {
  /** Migrations this database has run; empty for a new database. */
  executed: string[];
  /** Migrations this version of imhost would run on it, in order. */
  pending: string[];
}

/** Every migration this version of imhost has, in order. */
export function knownMigrations(): string[] {
  return Object.keys(migrations);
}

function migratorFor(db: Db): Migrator {
  return new Migrator({ db, provider: { getMigrations: async () => migrations } });
}

export async function migrateToLatest(db: Db): Promise<MigrationReport> {
  const { error, results } = await migratorFor(db).migrateToLatest();
  if (error) throw error instanceof Error ? error : new Error(String(error));
  return {
    applied: (results ?? [])
      .filter((r: MigrationResult) => r.status === 'Success')
      .map((r) => r.migrationName),
  };
}

/** Which migrations ran and which are to come, without running any (for backups and upgrade checks). */
export async function migrationStatus(db: Db): Promise<MigrationStatus> {
  const infos = await migratorFor(db).getMigrations();
  return {
    executed: infos.filter((info) => info.executedAt !== undefined).map((info) => info.name),
    pending: infos.filter((info) => info.executedAt === undefined).map((info) => info.name),
  };
}

export async function migrateDownAll(db: Db): Promise<void> {
  const migrator = migratorFor(db);
  for (;;) {
    const { error, results } = await migrator.migrateDown();
    if (error) throw error instanceof Error ? error : new Error(String(error));
    if (!results || results.length === 0) return;
  }
}
