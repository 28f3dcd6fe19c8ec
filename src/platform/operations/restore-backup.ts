import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readdirSync, renameSync, rmSync } from 'node:fs';
import path from 'node:path';
import * as tar from 'tar';
import { AppError } from '../../lib/errors.js';
import type { PlatformConfig } from '../platform-options.js';
import { knownMigrations, openDatabase } from '../db/index.js';
import {
  BACKUPS_DIR,
  DATA_DIR,
  databaseTarget,
  dataEntries,
  MANIFEST,
  META_DIR,
  sqliteFiles,
  type BackupManifest,
} from './backup-layout.js';
import { emptyPostgresSchema, postgresHasTables, sqliteFileHasTables } from './operations.repository.js';
import { commandLine, findOnPath, restoreArgs, runTool } from './postgres-tools.js';

export interface RestoreBackupInput {
  config: Pick<PlatformConfig, 'dataDir' | 'databaseUrl'>;
  file: string;
  /** Replace a database or data directory that is not empty. */
  force: boolean;
  pgRestore?: string | undefined;
}

export interface RestoreResult {
  manifest: BackupManifest;
  /** Whether the database came back; false for a PostgreSQL backup taken without pg_dump. */
  isDatabaseRestored: boolean;
  files: number;
}

async function readManifest(file: string): Promise<BackupManifest> {
  if (!existsSync(file)) throw new AppError('backup_invalid', { message: `There is no file ${file}.` });
  let text: string | undefined;
  try {
    await tar.t({
      file,
      strict: true,
      filter: (entryPath) => entryPath === `${META_DIR}/${MANIFEST}`,
      onReadEntry: (entry) => {
        const chunks: Buffer[] = [];
        entry.on('data', (chunk: Buffer) => chunks.push(chunk));
        entry.on('end', () => (text = Buffer.concat(chunks).toString('utf8')));
      },
    });
  } catch (error) {
    throw new AppError('backup_invalid', {
      message: `${file} is not an imhost backup: ${(error as Error).message}`,
    });
  }
  const manifest = text === undefined ? undefined : (JSON.parse(text) as Partial<BackupManifest>);
  if (manifest?.format !== 1 || !manifest.database)
    throw new AppError('backup_invalid', {
      message: `${file} is not an imhost backup (no ${META_DIR}/${MANIFEST}).`,
    });
  return manifest as BackupManifest;
}

/**
 * Puts a backup back: the data directory's files and the database. Stop imhost first. Anything
 * already there is only replaced with `force`; the checks all run before anything is changed.
 */
export async function restoreBackup(input: RestoreBackupInput): Promise<RestoreResult> {
  const { config } = input;
  const dataDir = path.resolve(config.dataDir);
  const file = path.resolve(input.file);
  const manifest = await readManifest(file);
  const target = databaseTarget(config);
  if (manifest.database.dialect !== target.dialect)
    throw new AppError('backup_database_mismatch', {
      message: `This backup holds a ${manifest.database.dialect} database, and imhost is configured for ${target.dialect}.`,
    });
  const unknown = manifest.database.migrations.filter((name) => !knownMigrations().includes(name));
  if (unknown.length > 0)
    throw new AppError('backup_too_new', {
      message: `This backup is from imhost ${manifest.imhostVersion}, whose migrations ${unknown.join(', ')} this version does not know: install ${manifest.imhostVersion} or later to restore it.`,
    });
  const hasDump = manifest.database.dump !== null;

  const pgRestore =
    target.dialect === 'postgres' && hasDump ? (input.pgRestore ?? findOnPath('pg_restore')) : undefined;
  if (target.dialect === 'postgres' && hasDump && !pgRestore)
    throw new AppError('backup_tool_missing', {
      message:
        'pg_restore is not on the PATH. Install the PostgreSQL client tools (apt-get install postgresql-client), ' +
        `or extract ${manifest.database.dump} from the archive and run: ` +
        commandLine('pg_restore', restoreArgs(target.url, manifest.database.dump!), target.url),
    });

  const postgres = target.dialect === 'postgres' ? openDatabase({ url: target.url, dataDir }) : undefined;
  try {
    const databaseInUse =
      target.dialect === 'sqlite'
        ? existsSync(target.file) && sqliteFileHasTables(target.file)
        : hasDump && (await postgresHasTables(postgres!.db));
    const files = dataEntries(dataDir, target);
    if ((databaseInUse || files.length > 0) && !input.force)
      throw new AppError('restore_target_not_empty', {
        message: `Not restoring over ${[
          databaseInUse ? 'a database with tables' : '',
          files.length ? `${files.length} entries in ${dataDir}` : '',
        ]
          .filter(Boolean)
          .join(' and ')}; pass --force to replace them.`,
      });

    mkdirSync(dataDir, { recursive: true });
    const staging = mkdtempSync(path.join(dataDir, '.imhost-restore-'));
    try {
      await tar.x({ file, cwd: staging, strict: true });
      for (const name of files) rmSync(path.join(dataDir, name), { recursive: true, force: true });
      const restoredData = path.join(staging, DATA_DIR);
      const restoredNames = existsSync(restoredData) ? readdirSync(restoredData) : [];
      for (const name of restoredNames) {
        if (name === BACKUPS_DIR) continue;
        renameSync(path.join(restoredData, name), path.join(dataDir, name));
      }
      if (hasDump) {
        const dump = path.join(staging, manifest.database.dump!);
        if (target.dialect === 'sqlite') {
          for (const part of sqliteFiles(target.file)) rmSync(part, { force: true });
          mkdirSync(path.dirname(target.file), { recursive: true });
          copyFileSync(dump, target.file);
        } else {
          if (databaseInUse) await emptyPostgresSchema(postgres!.db);
          await runTool('pg_restore', pgRestore!, restoreArgs(target.url, dump), target.url);
        }
      }
    } finally {
      rmSync(staging, { recursive: true, force: true });
    }
    return { manifest, isDatabaseRestored: hasDump, files: manifest.files };
  } finally {
    await postgres?.close();
  }
}
