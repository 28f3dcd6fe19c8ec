import { mkdirSync, mkdtempSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import * as tar from 'tar';
import type { PlatformConfig } from '../platform-options.js';
import { migrationStatus, type DatabaseHandle } from '../db/index.js';
import {
  DATA_DIR,
  databaseTarget,
  dataEntries,
  MANIFEST,
  measureFiles,
  META_DIR,
  POSTGRES_DUMP,
  SQLITE_DUMP,
  type BackupManifest,
} from './backup-layout.js';
import { snapshotSqliteFile } from './operations.repository.js';
import { commandLine, dumpArgs, findOnPath, runTool } from './postgres-tools.js';

export interface CreateBackupInput {
  config: Pick<PlatformConfig, 'dataDir' | 'databaseUrl'>;
  /** An open handle on the same database, to read which migrations it has run. */
  database: DatabaseHandle;
  /** The archive to write (its folder is created); written under a temporary name, then renamed. */
  to: string;
  version: string;
  now: Date;
  /** Where pg_dump is; found on PATH when not given. */
  pgDump?: string | undefined;
}

export interface BackupResult {
  file: string;
  bytes: number;
  manifest: BackupManifest;
  /** For PostgreSQL without pg_dump on the PATH: the command that dumps the database by hand. */
  pgDumpCommand?: string;
}

/** Whether `inner` is `outer` or inside it. */
function isWithin(inner: string, outer: string): boolean {
  const relative = path.relative(outer, inner);
  return relative === '' || (!relative.startsWith('..') && !path.isAbsolute(relative));
}

/**
 * An online backup: the database (a SQLite snapshot, or pg_dump's custom format) and the data
 * directory, in one archive. The server may keep running; uploads finished during the backup may
 * or may not be in it, and their rows likewise (the two are taken moments apart).
 */
export async function createBackup(input: CreateBackupInput): Promise<BackupResult> {
  const { config, database } = input;
  const dataDir = path.resolve(config.dataDir);
  const target = databaseTarget(config);
  const file = path.resolve(input.to);
  mkdirSync(path.dirname(file), { recursive: true });
  mkdirSync(dataDir, { recursive: true });
  const partial = `${file}.partial`;
  // Beside the archive, so the dump is written to the disk the archive goes to.
  const staging = mkdtempSync(path.join(path.dirname(file), '.imhost-backup-'));
  try {
    const meta = path.join(staging, META_DIR);
    mkdirSync(meta);
    const { executed } = await migrationStatus(database.db);
    let dump: string | null = null;
    let pgDumpCommand: string | undefined;
    if (target.dialect === 'sqlite') {
      snapshotSqliteFile(target.file, path.join(meta, SQLITE_DUMP));
      dump = `${META_DIR}/${SQLITE_DUMP}`;
    } else {
      const pgDump = input.pgDump ?? findOnPath('pg_dump');
      if (pgDump) {
        await runTool('pg_dump', pgDump, dumpArgs(target.url, path.join(meta, POSTGRES_DUMP)), target.url);
        dump = `${META_DIR}/${POSTGRES_DUMP}`;
      } else {
        pgDumpCommand = commandLine(
          'pg_dump',
          dumpArgs(target.url, `${file.replace(/\.tar\.gz$/, '')}.pgdump`),
          target.url,
        );
      }
    }
    const dataNames = dataEntries(dataDir, target).filter(
      (name) => !isWithin(file, path.join(dataDir, name)),
    );
    const manifest: BackupManifest = {
      format: 1,
      imhostVersion: input.version,
      createdAt: input.now.toISOString(),
      database: { dialect: target.dialect, dump, migrations: executed },
      files: measureFiles(dataDir, dataNames).files,
    };
    writeFileSync(path.join(meta, MANIFEST), `${JSON.stringify(manifest, null, 2)}\n`);

    const problems: string[] = [];
    // Paths are given absolute and named in the archive by where they come from (see backup-layout.ts).
    await tar.c(
      {
        gzip: true,
        file: partial,
        cwd: dataDir,
        portable: true,
        // Absolute paths are named by onWriteEntry (the "stripping /" notice is about them); any
        // other warning is a file that could not be read, and a backup missing a file has failed.
        onwarn: (code, message) => {
          if (code !== 'TAR_ENTRY_INFO') problems.push(`${code}: ${String(message)}`);
        },
        filter: (entryPath) => !isWithin(path.resolve(dataDir, entryPath), partial),
        onWriteEntry: (entry) => {
          const absolute = String(entry.absolute);
          const name = isWithin(absolute, staging)
            ? path.relative(staging, absolute)
            : path.join(DATA_DIR, path.relative(dataDir, absolute));
          entry.path = entry.type === 'Directory' ? `${name}/` : name;
        },
      },
      [meta, ...dataNames.map((name) => path.join(dataDir, name))],
    );
    if (problems.length > 0) throw new Error(`the backup is incomplete: ${problems.join('; ')}`);
    renameSync(partial, file);
    return { file, bytes: statSync(file).size, manifest, ...(pgDumpCommand ? { pgDumpCommand } : {}) };
  } finally {
    rmSync(staging, { recursive: true, force: true });
    rmSync(partial, { force: true });
  }
}
