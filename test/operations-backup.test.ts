/**
 * `imhost backup` and `imhost restore`, run as real processes: a round trip into an empty target
 * loses no rows and no uploaded file, and a restore over a target in use needs --force.
 */
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import pg from 'pg';
import * as tar from 'tar';
import { compose, type Composed } from '../src/bin/compose.js';
import { SimulatedClock } from '../src/lib/clock.js';
import { loadConfig } from '../src/bin/config.js';
import { openDatabase, type Dialect } from '../src/platform/db/index.js';
import { startTestApp, type TestApp } from './support/app.js';
import { runImhost } from './support/cli.js';
import { testDialects } from './support/databases.js';
import { type Actor, signUpCustomer } from './support/actors.js';
import { call, postForm } from './support/api-client.js';
import { ticketFields } from './support/support-desk.js';

const START = new Date('2026-01-15T10:00:00Z');

interface Target {
  env: Record<string, string>;
  dataDir: string;
  url: string;
  drop(): Promise<void>;
}

async function adminQuery(sqlText: string): Promise<void> {
  const client = new pg.Client({ connectionString: process.env.IMHOST_TEST_DATABASE_URL });
  await client.connect();
  try {
    await client.query(sqlText);
  } finally {
    await client.end();
  }
}

/** An installation with nothing in it yet: an empty data directory and no (or an empty) database. */
async function emptyTarget(dialect: Dialect): Promise<Target> {
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'imhost-restore-'));
  if (dialect === 'sqlite') {
    const url = `sqlite:${path.join(dataDir, 'imhost.sqlite')}`;
    return {
      env: { IMHOST_DATA_DIR: dataDir, IMHOST_DATABASE_URL: url },
      dataDir,
      url,
      drop: async () => rmSync(dataDir, { recursive: true, force: true }),
    };
  }
  const name = `imhost_restore_${Math.random().toString(16).slice(2, 10)}`;
  await adminQuery(`CREATE DATABASE ${name}`);
  const url = new URL(process.env.IMHOST_TEST_DATABASE_URL!);
  url.pathname = `/${name}`;
  return {
    env: { IMHOST_DATA_DIR: dataDir, IMHOST_DATABASE_URL: url.toString() },
    dataDir,
    url: url.toString(),
    drop: async () => {
      await adminQuery(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** The product on the restored target, as `imhost start` would build it (without listening). */
async function composeOn(target: Target): Promise<Composed> {
  const config = loadConfig({
    ...target.env,
    IMHOST_LOG_LEVEL: 'silent',
    IMHOST_STAFF_2FA: 'optional',
    IMHOST_CLOCK: 'simulated',
    IMHOST_PUBLIC_URL: 'http://imhost.test',
  });
  const database = openDatabase({ url: target.url, dataDir: target.dataDir });
  const composed = await compose({ config, database, clock: new SimulatedClock(START), migrate: false });
  return {
    ...composed,
    async close() {
      await composed.close();
      await database.close();
    },
  };
}

for (const dialect of testDialects()) {
  describe(`imhost backup and restore on ${dialect}`, () => {
    let t: TestApp;
    let alice: Actor;
    let env: Record<string, string>;
    let archive: string;
    let ticketId: string;
    let attachmentUrl: string;
    const logText = 'line one\nline two of the log\n';
    const uploadBytes = Buffer.from('an uploaded file, byte for byte \u00e9\n');
    const uploadPath = path.join('uploads', 'host_x', 'slot_y', 'photo.txt');
    let target: Target;

    before(async () => {
      t = await startTestApp(dialect);
      env = { IMHOST_DATA_DIR: t.database.dataDir, IMHOST_DATABASE_URL: t.database.url };
      alice = await signUpCustomer(t, { name: 'Alice', organization: 'Alice Ltd' });
      const created = await postForm(t, alice, '/tickets', ticketFields(), [
        { name: 'client.log', data: Buffer.from(logText), type: 'text/plain' },
      ]);
      assert.equal(created.statusCode, 201, created.body);
      ticketId = created.json().ticket.id;
      attachmentUrl = created.json().messages[0].attachments[0].url;
      await t.ctx.tenancy.createHost({ customerId: alice.customerId!, domain: 'chat.alice.test' });
      await t.ctx.tenancy.addMember({
        domain: 'chat.alice.test',
        username: 'anna',
        password: 'anna secret pass',
      });
      mkdirSync(path.dirname(path.join(t.database.dataDir, uploadPath)), { recursive: true });
      writeFileSync(path.join(t.database.dataDir, uploadPath), uploadBytes);
      archive = path.join(mkdtempSync(path.join(os.tmpdir(), 'imhost-archive-')), 'backup.tar.gz');
      target = await emptyTarget(dialect);
    });
    after(async () => {
      await t.close();
      await target.drop();
      rmSync(path.dirname(archive), { recursive: true, force: true });
    });

    it('backs up the running installation into one archive', async () => {
      const result = await runImhost(env, ['backup', '--to', archive]);
      assert.equal(result.code, 0, result.stdout + result.stderr);
      const manifest = result.json.manifest as {
        database: { dialect: string; dump: string | null };
        files: number;
      };
      assert.equal(manifest.database.dialect, dialect);
      assert.ok(manifest.database.dump, 'the database is in the archive');
      assert.equal(manifest.files, 2, 'the support attachment and the upload');
    });

    it('restores into an empty installation with every row and file', async () => {
      const result = await runImhost(target.env, ['restore', archive]);
      assert.equal(result.code, 0, result.stdout + result.stderr);
      assert.equal(result.json.databaseRestored, true);
      assert.deepEqual(readFileSync(path.join(target.dataDir, uploadPath)), uploadBytes);

      const restored = await composeOn(target);
      try {
        const on = { ...t, app: restored.app, ctx: restored.ctx } as TestApp;
        const ticket = await call(on, alice, 'GET', `/tickets/${ticketId}`);
        assert.equal(ticket.statusCode, 200, 'the session and the ticket came back');
        const file = await call(on, alice, 'GET', attachmentUrl.replace('/api/v1', ''));
        assert.equal(file.statusCode, 200);
        assert.equal(file.body, logText);
        const member = await restored.ctx.tenancy.directory.getCredentials(
          (await restored.ctx.tenancy.findHostByDomain('chat.alice.test'))!.id,
          'anna',
        );
        assert.equal(member?.status, 'active');
      } finally {
        await restored.close();
      }
    });

    it('refuses to restore over an installation in use without --force', async () => {
      const refused = await runImhost(target.env, ['restore', archive]);
      assert.equal(refused.code, 73, refused.stdout);
      assert.equal(refused.json.error?.code, 'restore_target_not_empty');

      writeFileSync(path.join(target.dataDir, 'stray.txt'), 'not in the backup');
      const forced = await runImhost(target.env, ['restore', archive, '--force']);
      assert.equal(forced.code, 0, forced.stdout + forced.stderr);
      assert.throws(() => readFileSync(path.join(target.dataDir, 'stray.txt')), /ENOENT/);
      assert.deepEqual(readFileSync(path.join(target.dataDir, uploadPath)), uploadBytes);
    });

    it('names a file that is not a backup, and a backup of the other database kind', async () => {
      const notBackup = path.join(path.dirname(archive), 'not-a-backup.tar.gz');
      writeFileSync(notBackup, 'hello');
      const invalid = await runImhost(target.env, ['restore', notBackup, '--force']);
      assert.equal(invalid.code, 65);
      assert.equal(invalid.json.error?.code, 'backup_invalid');

      const other =
        dialect === 'sqlite'
          ? { ...target.env, IMHOST_DATABASE_URL: 'postgres://postgres@127.0.0.1:1/none' }
          : { ...target.env, IMHOST_DATABASE_URL: '' };
      const mismatch = await runImhost(other, ['restore', archive, '--force']);
      assert.equal(mismatch.code, 73);
      assert.equal(mismatch.json.error?.code, 'backup_database_mismatch');

      const newer = mkdtempSync(path.join(os.tmpdir(), 'imhost-newer-'));
      mkdirSync(path.join(newer, 'imhost-backup'));
      const manifest = {
        format: 1,
        imhostVersion: '9.0.0',
        createdAt: START.toISOString(),
        database: { dialect, dump: null, migrations: ['9999_from_the_future'] },
        files: 0,
      };
      writeFileSync(path.join(newer, 'imhost-backup', 'manifest.json'), JSON.stringify(manifest));
      const future = path.join(path.dirname(archive), 'future.tar.gz');
      await tar.c({ gzip: true, file: future, cwd: newer }, ['imhost-backup']);
      rmSync(newer, { recursive: true, force: true });
      const tooNew = await runImhost(target.env, ['restore', future, '--force']);
      assert.equal(tooNew.code, 73);
      assert.equal(tooNew.json.error?.code, 'backup_too_new');
      assert.match(tooNew.json.error?.message ?? '', /9999_from_the_future/);
    });
  });
}
