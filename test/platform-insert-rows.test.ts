import assert from 'node:assert/strict';
import { sql } from 'kysely';
import { after, before, describe, it } from 'node:test';
import { insertRows, refreshPlannerStatistics } from '../src/platform/index.js';
import { createTestDatabase, testDialects, type TestDatabase } from './support/databases.js';

const AT = '2026-01-15T10:00:00.000Z';

function job(n: number, dedupeKey: string | null = `ir:${n}`) {
  return {
    id: `job_ir_${String(n).padStart(5, '0')}`,
    name: 'ir.test',
    dedupe_key: dedupeKey,
    payload: JSON.stringify({ n, text: `it's "quoted" ünïcode` }),
    status: 'pending' as const,
    run_at: AT,
    attempts: 0,
    max_attempts: 3,
    created_at: AT,
    updated_at: AT,
  };
}

for (const dialect of testDialects()) {
  describe(`insertRows on ${dialect}`, () => {
    let database: TestDatabase;
    before(async () => {
      database = await createTestDatabase(dialect);
    });
    after(async () => {
      await database.close();
    });

    async function stored(prefix: string) {
      return database.db
        .selectFrom('jobs')
        .selectAll()
        .where('id', 'like', `${prefix}%`)
        .orderBy('id')
        .execute();
    }

    it('writes more rows than fit in one statement, values intact', async () => {
      const rows = Array.from({ length: 1_234 }, (_, n) => job(n));
      assert.deepEqual(await insertRows(database.db, 'jobs', rows), []);
      const back = await stored('job_ir_');
      assert.equal(back.length, rows.length);
      const unset = { lease_owner: null, lease_expires_at: null, last_error: null, finished_at: null };
      assert.deepEqual(back[1_233], { ...rows[1_233], ...unset });
      assert.deepEqual(back[0], { ...rows[0], ...unset });
    });

    it('skips rows whose unique key is taken and returns only the rows written', async () => {
      const rows = [job(20_000, 'ir:0'), job(20_001, 'ir:fresh'), job(20_002, 'ir:1')];
      const written = await insertRows(database.db, 'jobs', rows, {
        skipConflicts: ['dedupe_key'],
        returning: 'id',
      });
      assert.deepEqual(written, ['job_ir_20001']);
      const anyKey = await insertRows(database.db, 'jobs', [job(20_001, 'ir:other'), job(20_003, null)], {
        skipConflicts: true,
        returning: 'id',
      });
      assert.deepEqual(anyKey, ['job_ir_20003'], 'a primary-key clash is skipped too');
    });

    it('refuses rows with differing columns, and inside a transaction nothing is written', async () => {
      const { dedupe_key: _omitted, ...withoutKey } = job(30_001);
      await assert.rejects(
        database.db.transaction().execute(async (tx) => {
          await insertRows(tx, 'jobs', [job(30_000)]);
          await insertRows(tx, 'jobs', [job(30_002), withoutKey]);
        }),
        TypeError,
      );
      assert.deepEqual(await stored('job_ir_3'), []);
    });

    it('a duplicate without skipConflicts fails the whole statement', async () => {
      await assert.rejects(insertRows(database.db, 'jobs', [job(40_000), job(0)]));
      assert.deepEqual(await stored('job_ir_4'), []);
    });

    it('refreshes planner statistics (PostgreSQL) and is harmless on SQLite', async () => {
      await refreshPlannerStatistics(database.db, ['jobs']);
      if (dialect === 'postgres') {
        const { rows } = await sql<{
          n: number;
        }>`select count(*)::int as n from pg_stats where tablename = 'jobs'`.execute(database.db);
        assert.ok(rows[0]!.n > 0, 'ANALYZE recorded statistics for jobs');
      }
    });
  });
}
