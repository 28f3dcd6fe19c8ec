/**
 * `imhost upgrade --check`: what an upgrade would do (the pending migrations) and whether this node
 * is ready for it, before anything is changed. Each pre-check names what failed and how to fix it.
 */
import { mkdirSync, rmSync, statfsSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import semver from 'semver';
import type { PlatformConfig } from '../platform-options.js';
import { migrationStatus, openDatabase } from '../db/index.js';
import { BACKUPS_DIR, databaseTarget, dataEntries, measureFiles, sqliteFiles } from './backup-layout.js';
import { postgresDatabaseBytes } from './operations.repository.js';
import { pingDatabase } from '../health.repository.js';

export type UpgradeCheckName = 'database' | 'disk_space' | 'data_dir' | 'node_version';

export interface UpgradeCheck {
  name: UpgradeCheckName;
  isOk: boolean;
  detail: string;
}

export interface UpgradeReport {
  pending: string[];
  checks: UpgradeCheck[];
}

const DATABASE_TIMEOUT_MS = 10_000;

function mib(bytes: number): string {
  return `${(bytes / 1024 / 1024).toFixed(1)} MiB`;
}

/** The nearest folder that exists on the way up: where new files would land. */
function existingAncestor(dir: string): string {
  const isDirectory = (candidate: string) => {
    try {
      return statSync(candidate).isDirectory();
    } catch {
      return false;
    }
  };
  let current = path.resolve(dir);
  while (!isDirectory(current)) {
    const parent = path.dirname(current);
    if (parent === current) return current;
    current = parent;
  }
  return current;
}

function checkDataDir(dataDir: string): UpgradeCheck {
  const probe = path.join(dataDir, `.imhost-write-check-${process.pid}`);
  try {
    mkdirSync(dataDir, { recursive: true });
    writeFileSync(probe, '');
    rmSync(probe);
    return { name: 'data_dir', isOk: true, detail: `${dataDir} is writable` };
  } catch (error) {
    return {
      name: 'data_dir',
      isOk: false,
      detail: `${dataDir} is not writable (${(error as NodeJS.ErrnoException).code ?? (error as Error).message}): fix its owner or permissions, or IMHOST_DATA_DIR`,
    };
  }
}

function checkNode(nodeRange: string): UpgradeCheck {
  const version = process.versions.node;
  const isOk = semver.satisfies(version, nodeRange);
  return {
    name: 'node_version',
    isOk,
    detail: isOk
      ? `Node.js ${version} satisfies ${nodeRange}`
      : `Node.js ${version} does not satisfy ${nodeRange}: install a supported Node.js`,
  };
}

function withTimeout<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} did not answer within ${ms / 1000} s`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

export async function checkUpgrade(input: {
  config: Pick<PlatformConfig, 'dataDir' | 'databaseUrl'>;
  /** package.json's `engines.node`. */
  nodeRange: string;
}): Promise<UpgradeReport> {
  const dataDir = path.resolve(input.config.dataDir);
  const target = databaseTarget(input.config);
  const checks: UpgradeCheck[] = [];
  let pending: string[] = [];
  let databaseBytes: number | undefined;

  let description = target.dialect === 'sqlite' ? `sqlite:${target.file}` : 'PostgreSQL';
  try {
    const database = openDatabase({ url: input.config.databaseUrl, dataDir });
    description = database.description;
    try {
      await withTimeout(
        (async () => {
          await pingDatabase(database.db);
          pending = (await migrationStatus(database.db)).pending;
          databaseBytes =
            target.dialect === 'postgres'
              ? await postgresDatabaseBytes(database.db)
              : sqliteFiles(target.file).reduce(
                  (sum, file) => sum + (statSync(file, { throwIfNoEntry: false })?.size ?? 0),
                  0,
                );
        })(),
        DATABASE_TIMEOUT_MS,
        description,
      );
    } finally {
      await database.close().catch(() => {});
    }
    checks.push({ name: 'database', isOk: true, detail: `${description} answers` });
  } catch (error) {
    checks.push({
      name: 'database',
      isOk: false,
      detail: `${description} cannot be reached: ${(error as Error).message}`,
    });
  }

  const dataDirCheck = checkDataDir(dataDir);
  if (databaseBytes !== undefined) {
    const needed = databaseBytes + measureFiles(dataDir, dataEntries(dataDir, target)).bytes;
    const where = existingAncestor(path.join(dataDir, BACKUPS_DIR));
    const stats = statfsSync(where);
    const free = stats.bavail * stats.bsize;
    checks.push({
      name: 'disk_space',
      isOk: free >= needed,
      detail:
        free >= needed
          ? `${mib(free)} free in ${where}, a backup needs up to ${mib(needed)}`
          : `only ${mib(free)} free in ${where}, a backup needs up to ${mib(needed)}: free some space first`,
    });
  }
  checks.push(dataDirCheck, checkNode(input.nodeRange));
  return { pending, checks };
}
