import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, describe, it } from 'node:test';
import SQLite from 'better-sqlite3';
import { sql } from 'kysely';
import { openDatabase } from '../src/platform/index.js';

/** Writes `rows` rows of 1 KiB each in one transaction. */
async function writeKiB(handle: ReturnType<typeof openDatabase>, rows: number): Promise<void> {
  await handle.db.transaction().execute(async (tx) => {
    for (let i = 0; i < rows; i++) await sql`insert into filler (b) values (randomblob(1024))`.execute(tx);
  });
}

describe('background WAL checkpoints on SQLite', { timeout: 30_000 }, () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'imhost-checkpoints-'));
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('start once the log passes the mark, copy it into the database file, and stop with the handle', async () => {
    const file = path.join(dir, 'busy.sqlite');
    const handle = openDatabase({
      url: `sqlite:${file}`,
      dataDir: dir,
      checkpoints: { startBytes: 256 * 1024, watchMs: 5, everyMs: 5 },
    });
    const checkpointer = handle.checkpointer!;
    try {
      await sql`create table filler (b blob not null)`.execute(handle.db);
      await writeKiB(handle, 8);
      assert.equal(checkpointer.isRunning, false, 'a small log starts no thread');

      // 1 MiB of rows: far below the main connection's own checkpoint mark (16,000 pages), so only the
      // worker can move these pages from the log into the database file.
      const fileBefore = statSync(file).size;
      await writeKiB(handle, 1024);
      await checkpointer.nextCheckpoint();
      await checkpointer.nextCheckpoint(); // the first may have begun before the last commit
      assert.equal(checkpointer.isRunning, true);
      assert.ok(
        statSync(file).size > fileBefore + 1024 * 1024,
        `the worker copied the log into the database file (${fileBefore} → ${statSync(file).size} bytes)`,
      );
    } finally {
      await handle.close();
    }
    assert.equal(checkpointer.isRunning, false);
    assert.equal(existsSync(`${file}-wal`), false, 'the last connection to close removes the log');
    const reader = new SQLite(file, { readonly: true });
    try {
      assert.deepEqual(reader.prepare('select count(*) as n from filler').get(), { n: 1032 }, 'nothing lost');
    } finally {
      reader.close();
    }
  });

  it('leave the main connection checkpointing only as a fallback for a stalled worker', async () => {
    const handle = openDatabase({ url: `sqlite:${path.join(dir, 'quiet.sqlite')}`, dataDir: dir });
    try {
      const { rows } = await sql<{ wal_autocheckpoint: number }>`pragma wal_autocheckpoint`.execute(
        handle.db,
      );
      assert.deepEqual(rows, [{ wal_autocheckpoint: 16_000 }]);
    } finally {
      await handle.close();
    }
  });

  it('are not used for an in-memory database', async () => {
    const handle = openDatabase({ url: 'sqlite::memory:', dataDir: dir });
    assert.equal(handle.checkpointer, undefined);
    await handle.close();
  });
});
