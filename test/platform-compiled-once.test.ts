import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { compiledOnce } from '../src/platform/index.js';
import { createTestDatabase, testDialects, type TestDatabase } from './support/databases.js';

const AT = '2026-01-15T10:00:00.000Z';

function job(n: number, name: string, attempts = n) {
  return {
    id: `job_co_${n}`,
    name,
    dedupe_key: null,
    payload: '{}',
    status: 'pending' as const,
    run_at: AT,
    attempts,
    max_attempts: 3,
    created_at: AT,
    updated_at: AT,
  };
}

// Built once for the whole file: both dialects' runs share it, as processes share module state.
const byName = compiledOnce<{ name: string; minAttempts: number }, { id: string }>((db, slot) =>
  db
    .selectFrom('jobs')
    .select('id')
    .where('name', '=', slot('name'))
    .where('attempts', '>=', slot('minAttempts'))
    .where('status', '=', 'pending')
    .orderBy('id'),
);
const finish = compiledOnce<{ id: string; at: string }, unknown>((db, slot) =>
  db
    .updateTable('jobs')
    .set({ status: 'succeeded', finished_at: slot('at'), updated_at: slot('at') })
    .where('id', '=', slot('id')),
);

for (const dialect of testDialects()) {
  describe(`compiledOnce on ${dialect}`, () => {
    let database: TestDatabase;
    before(async () => {
      database = await createTestDatabase(dialect);
      await database.db
        .insertInto('jobs')
        .values([job(0, 'co.a'), job(1, 'co.a'), job(2, 'co.a'), job(3, 'co.b', 1)])
        .execute();
    });
    after(async () => {
      await database.close();
    });

    it('binds each call its own values, keeping the constants compiled in', async () => {
      const ids = async (name: string, minAttempts: number) =>
        (await byName(database.db, { name, minAttempts })).map((row) => row.id);
      assert.deepEqual(await ids('co.a', 1), ['job_co_1', 'job_co_2']);
      assert.deepEqual(await ids('co.b', 0), ['job_co_3']);
      assert.deepEqual(await ids('co.a', 3), []);
      await finish(database.db, { id: 'job_co_2', at: AT });
      assert.deepEqual(await ids('co.a', 1), ['job_co_1'], "the constant status = 'pending' still applies");
      const row = await database.db
        .selectFrom('jobs')
        .select(['status', 'finished_at', 'updated_at'])
        .where('id', '=', 'job_co_2')
        .executeTakeFirstOrThrow();
      assert.deepEqual(row, { status: 'succeeded', finished_at: AT, updated_at: AT }, 'one slot, two places');
    });

    it('runs inside a transaction, which rolls it back', async () => {
      await assert.rejects(
        database.db.transaction().execute(async (tx) => {
          await finish(tx, { id: 'job_co_0', at: AT });
          assert.deepEqual(
            (await byName(tx, { name: 'co.a', minAttempts: 0 })).map((row) => row.id),
            ['job_co_1'],
          );
          throw new Error('roll back');
        }),
        /roll back/,
      );
      const ids = (await byName(database.db, { name: 'co.a', minAttempts: 0 })).map((row) => row.id);
      assert.deepEqual(ids, ['job_co_0', 'job_co_1']);
    });

    it('refuses a call that leaves a slot without a value', async () => {
      await assert.rejects(
        byName(database.db, { name: 'co.a' } as unknown as { name: string; minAttempts: number }),
        /no value for minAttempts/,
      );
    });
  });
}
