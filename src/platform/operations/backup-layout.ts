/**
 * What a backup archive holds and where each part of an installation lives. An archive is a gzip'd
 * tar of:
 *   imhost-backup/manifest.json       what is inside (BackupManifest)
 *   imhost-backup/database.sqlite     a SQLite snapshot, or
 *   imhost-backup/database.pgdump     a `pg_dump --format=custom` dump (absent when pg_dump was not on the PATH)
 *   data/…                            the data directory: uploads, support attachments, anything else
 */
import { existsSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { sqliteFileFor } from '../db/index.js';
import type { PlatformConfig } from '../platform-options.js';

export const META_DIR = 'imhost-backup';
export const MANIFEST = 'manifest.json';
export const DATA_DIR = 'data';
export const SQLITE_DUMP = 'database.sqlite';
export const POSTGRES_DUMP = 'database.pgdump';
/** Inside the data directory, where backups go by default; never itself backed up. */
export const BACKUPS_DIR = 'backups';

export interface BackupManifest {
  format: 1;
  imhostVersion: string;
  createdAt: string;
  database: {
    dialect: 'sqlite' | 'postgres';
    /** Where the dump is in the archive; null when the operator must run pg_dump by hand. */
    dump: string | null;
    /** The migrations this database had run: a restore needs an imhost that knows them all. */
    migrations: string[];
  };
  /** Files under data/ (directories not counted). */
  files: number;
}

export type DatabaseTarget = { dialect: 'sqlite'; file: string } | { dialect: 'postgres'; url: string };

export function databaseTarget(config: Pick<PlatformConfig, 'dataDir' | 'databaseUrl'>): DatabaseTarget {
  const url = config.databaseUrl;
  if (url && /^postgres(ql)?:/.test(url)) return { dialect: 'postgres', url };
  const file = url?.startsWith('sqlite:') ? url.slice('sqlite:'.length) : sqliteFileFor(config.dataDir);
  return { dialect: 'sqlite', file: path.resolve(file) };
}

/** The SQLite file and its write-ahead log and shared-memory files. */
export function sqliteFiles(file: string): string[] {
  return [file, `${file}-wal`, `${file}-shm`, `${file}-journal`];
}

/** Names directly in the data directory that are not data: the database itself and the backups. */
function excludedFromData(dataDir: string, target: DatabaseTarget): Set<string> {
  const excluded = new Set([BACKUPS_DIR]);
  if (target.dialect === 'sqlite' && path.dirname(target.file) === path.resolve(dataDir))
    for (const file of sqliteFiles(target.file)) excluded.add(path.basename(file));
  return excluded;
}

/**
 * The data directory's entries that are data: not the database, not the backups, and not the
 * `.imhost-…` scratch folders of a backup or restore in progress.
 */
export function dataEntries(dataDir: string, target: DatabaseTarget): string[] {
  if (!existsSync(dataDir) || !statSync(dataDir).isDirectory()) return [];
  const excluded = excludedFromData(dataDir, target);
  return readdirSync(dataDir).filter((name) => !excluded.has(name) && !name.startsWith('.imhost-'));
}

export function defaultBackupFile(dataDir: string, now: Date, label = 'imhost'): string {
  const stamp = now.toISOString().replace(/[:.]/g, '-');
  return path.join(dataDir, BACKUPS_DIR, `${label}-${stamp}.tar.gz`);
}

/** How many files, and how many bytes, the entries `names` of `dir` hold, folders walked through. */
export function measureFiles(dir: string, names: string[]): { files: number; bytes: number } {
  const total = { files: 0, bytes: 0 };
  for (const name of names) {
    const full = path.join(dir, name);
    const stat = statSync(full, { throwIfNoEntry: false });
    if (stat?.isDirectory()) {
      const inner = measureFiles(full, readdirSync(full));
      total.files += inner.files;
      total.bytes += inner.bytes;
    } else if (stat?.isFile()) {
      total.files += 1;
      total.bytes += stat.size;
    }
  }
  return total;
}
