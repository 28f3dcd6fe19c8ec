import path from 'node:path';
import { loadConfig } from '../config.js';
import { openDatabase } from '../../platform/db/index.js';
import {
  checkUpgrade,
  createBackup,
  defaultBackupFile,
  restoreBackup,
  type UpgradeCheckName,
} from '../../platform/operations/index.js';
import { migrateWithBackup } from '../migrate-with-backup.js';
import { nodeRange, version } from '../version.js';
import { EXIT, UsageError, type Output } from './output.js';

export interface OperationsArgs {
  positionals: string[];
  values: { to?: string; force?: boolean; check?: boolean; 'no-backup'?: boolean };
}

export async function migrate(args: OperationsArgs, out: Output): Promise<void> {
  const config = loadConfig();
  const database = openDatabase({ url: config.databaseUrl, dataDir: config.dataDir });
  try {
    const { applied, backup } = await migrateWithBackup(config, database, {
      backup: config.backupBeforeMigrate && !args.values['no-backup'],
    });
    out.result(
      { database: database.description, applied, backup: backup?.file ?? null },
      (backup ? `Backed up to ${backup.file}.\n` : '') +
        (applied.length
          ? `Applied ${applied.join(', ')} on ${database.description}.`
          : `${database.description} is up to date.`),
    );
  } finally {
    await database.close();
  }
}

export async function backup(args: OperationsArgs, out: Output): Promise<void> {
  const config = loadConfig();
  const now = new Date();
  const to = args.values.to ? path.resolve(args.values.to) : defaultBackupFile(config.dataDir, now);
  const database = openDatabase({ url: config.databaseUrl, dataDir: config.dataDir });
  try {
    const result = await createBackup({ config, database, to, version, now });
    const lines = [
      `Backed up ${result.manifest.files} files from ${path.resolve(config.dataDir)}` +
        (result.manifest.database.dump ? ` and ${database.description}` : '') +
        ` to ${result.file} (${result.bytes} bytes).`,
    ];
    if (result.pgDumpCommand)
      lines.push(
        'pg_dump is not on the PATH, so the database is not in the archive. Dump it with:',
        `  ${result.pgDumpCommand}`,
      );
    out.result(
      {
        file: result.file,
        bytes: result.bytes,
        manifest: result.manifest,
        pgDumpCommand: result.pgDumpCommand ?? null,
      },
      lines.join('\n'),
    );
  } finally {
    await database.close();
  }
}

export async function restore(args: OperationsArgs, out: Output): Promise<void> {
  const file = args.positionals[1];
  if (!file) throw new UsageError('restore needs FILE');
  const config = loadConfig();
  const result = await restoreBackup({ config, file, force: args.values.force ?? false });
  out.result(
    { file: path.resolve(file), manifest: result.manifest, databaseRestored: result.isDatabaseRestored },
    `Restored ${result.files} files into ${path.resolve(config.dataDir)}` +
      (result.isDatabaseRestored
        ? ' and the database'
        : '; the backup holds no database dump (pg_dump was missing when it was taken), so restore your own dump with pg_restore') +
      ` from a backup of imhost ${result.manifest.imhostVersion} taken ${result.manifest.createdAt}.`,
  );
}

/** Which exit code says which pre-check failed; when several fail, the first in this order decides. */
export const UPGRADE_CHECK_EXIT: Record<UpgradeCheckName, number> = {
  database: EXIT.unavailable,
  data_dir: EXIT.cantCreate,
  disk_space: EXIT.ioError,
  node_version: EXIT.osError,
};

export async function upgradeCheck(out: Output): Promise<number> {
  const config = loadConfig();
  const report = await checkUpgrade({ config, nodeRange });
  const failed = report.checks.filter((check) => !check.isOk);
  const first = (Object.keys(UPGRADE_CHECK_EXIT) as UpgradeCheckName[]).find((name) =>
    failed.some((check) => check.name === name),
  );
  if (out.json) process.stdout.write(`${JSON.stringify({ ok: failed.length === 0, ...report })}\n`);
  else
    process.stdout.write(
      [
        report.pending.length ? `Pending migrations: ${report.pending.join(', ')}` : 'No pending migrations.',
        ...report.checks.map((check) => `${check.isOk ? 'ok  ' : 'FAIL'} ${check.name}: ${check.detail}`),
        failed.length ? 'Not ready to upgrade: fix what failed above.' : 'Ready to upgrade.',
      ].join('\n') + '\n',
    );
  return first ? UPGRADE_CHECK_EXIT[first] : EXIT.ok;
}
