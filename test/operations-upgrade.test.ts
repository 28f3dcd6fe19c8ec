/**
 * `imhost upgrade --check` and the backup the migrations take first, run as real processes: the
 * pending migrations are listed, and each failed pre-check has its own exit code.
 */
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { Migrator } from 'kysely';
import { migrations } from '../migrations/index.js';
import { runImhost } from './support/cli.js';
import { createTestDatabase, testDialects, type TestDatabase } from './support/databases.js';

const LAST = Object.keys(migrations).at(-1)!;

interface Check {
  name: string;
  isOk: boolean;
  detail: string;
}

for (const dialect of testDialects()) {
  describe(`imhost upgrade --check and migrations on ${dialect}`, () => {
    let database: TestDatabase;
    let env: Record<string, string>;
    let scratch: string;

    before(async () => {
      database = await createTestDatabase(dialect);
      env = { IMHOST_DATA_DIR: database.dataDir, IMHOST_DATABASE_URL: database.url };
      scratch = mkdtempSync(path.join(os.tmpdir(), 'imhost-upgrade-'));
      // An installation one release behind: the newest migration is not applied yet.
      const { error } = await new Migrator({
        db: database.db,
        provider: { getMigrations: async () => migrations },
      }).migrateDown();
      assert.equal(error, undefined);
    });
    after(async () => {
      await database.close();
      rmSync(scratch, { recursive: true, force: true });
    });

    it('lists the pending migration and passes every pre-check', async () => {
      const result = await runImhost(env, ['upgrade', '--check']);
      assert.equal(result.code, 0, result.stdout + result.stderr);
      assert.deepEqual(result.json.pending, [LAST]);
      const checks = result.json.checks as Check[];
      assert.deepEqual(checks.map((c) => c.name).sort(), [
        'data_dir',
        'database',
        'disk_space',
        'node_version',
      ]);
      assert.ok(
        checks.every((c) => c.isOk),
        JSON.stringify(checks),
      );
    });

    it('exits 73 when the data directory cannot be written', async () => {
      const notADirectory = path.join(scratch, 'a-file');
      writeFileSync(notADirectory, '');
      const result = await runImhost({ ...env, IMHOST_DATA_DIR: notADirectory }, ['upgrade', '--check']);
      assert.equal(result.code, 73, result.stdout);
      const failed = (result.json.checks as Check[]).filter((c) => !c.isOk).map((c) => c.name);
      assert.deepEqual(failed, ['data_dir']);
    });

    it('exits 69 when the database cannot be reached', async () => {
      const unreachable =
        dialect === 'postgres'
          ? 'postgres://postgres@127.0.0.1:1/nothing'
          : `sqlite:${path.join(scratch, 'a-file', 'imhost.sqlite')}`;
      writeFileSync(path.join(scratch, 'a-file'), '');
      const result = await runImhost({ ...env, IMHOST_DATABASE_URL: unreachable }, ['upgrade', '--check']);
      assert.equal(result.code, 69, result.stdout);
      assert.equal(result.json.ok, false);
      assert.equal((result.json.checks as Check[]).find((c) => c.name === 'database')?.isOk, false);
    });

    it('migrates with --no-backup without a backup, and otherwise backs up first', async () => {
      const skipped = await runImhost(env, ['migrate', '--no-backup']);
      assert.equal(skipped.code, 0, skipped.stdout + skipped.stderr);
      assert.deepEqual(skipped.json.applied, [LAST]);
      assert.equal(skipped.json.backup, null);

      const { error } = await new Migrator({
        db: database.db,
        provider: { getMigrations: async () => migrations },
      }).migrateDown();
      assert.equal(error, undefined);
      const migrated = await runImhost(env, ['migrate']);
      assert.equal(migrated.code, 0, migrated.stdout + migrated.stderr);
      assert.deepEqual(migrated.json.applied, [LAST]);
      const backup = migrated.json.backup as string;
      assert.match(path.basename(backup), /^pre-migrate-.*\.tar\.gz$/);
      assert.ok(existsSync(backup));

      const upToDate = await runImhost(env, ['migrate']);
      assert.deepEqual(upToDate.json.applied, []);
      assert.equal(upToDate.json.backup, null, 'nothing pending, nothing to back up');
    });
  });
}
