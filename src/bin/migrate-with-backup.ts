import type { Logger } from 'pino';
import type { Config } from './config.js';
import {
  migrateToLatest,
  migrationStatus,
  type DatabaseHandle,
  type MigrationReport,
} from '../platform/db/index.js';
import { createBackup, defaultBackupFile, type BackupResult } from '../platform/operations/index.js';
import { AppError } from '../lib/errors.js';
import { version } from './version.js';

export interface MigrateOptions {
  /** Back up first when there is something to migrate on an existing database. */
  backup: boolean;
  logger?: Pick<Logger, 'info'>;
}

/**
 * Applies pending migrations, taking a backup first (IMHOST_BACKUP_BEFORE_MIGRATE, on by default;
 * `--no-backup` skips it once). A new database, or one with nothing pending, needs no backup.
 * On PostgreSQL without pg_dump nothing is migrated: the operator dumps by hand, then migrates
 * with `--no-backup`.
 */
export async function migrateWithBackup(
  config: Config,
  database: DatabaseHandle,
  options: MigrateOptions,
): Promise<MigrationReport & { backup?: BackupResult }> {
  let backup: BackupResult | undefined;
  if (options.backup) {
    const { executed, pending } = await migrationStatus(database.db);
    if (executed.length > 0 && pending.length > 0) {
      const now = new Date();
      backup = await createBackup({
        config,
        database,
        to: defaultBackupFile(config.dataDir, now, 'pre-migrate'),
        version,
        now,
      });
      if (backup.pgDumpCommand)
        throw new AppError('backup_tool_missing', {
          message:
            `pg_dump is not on the PATH, so the database was not backed up before migrating ${pending.join(', ')}. ` +
            `Run: ${backup.pgDumpCommand}\nthen migrate with --no-backup (or IMHOST_BACKUP_BEFORE_MIGRATE=false). ` +
            `The data directory is in ${backup.file}.`,
        });
      options.logger?.info({ file: backup.file, pending }, 'backed up before migrating');
    }
  }
  const report = await migrateToLatest(database.db);
  return { ...report, ...(backup ? { backup } : {}) };
}
