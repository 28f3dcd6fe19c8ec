import assert from 'node:assert/strict';
import { setImmediate as nextTurn } from 'node:timers/promises';
import { after, before, describe, it } from 'node:test';
import pino from 'pino';
import { SimulatedClock } from '../src/lib/clock.js';
import { JobScheduler, monotonicIdSource, openDatabase, type DatabaseHandle } from '../src/platform/index.js';
import { createTestDatabase, testDialects, type TestDatabase } from './support/databases.js';

const START = new Date('2026-01-15T10:00:00Z');
const silent = pino({ level: 'silent' });

function schedulerOn(handle: DatabaseHandle, clock: SimulatedClock): JobScheduler {
  return new JobScheduler({ db: handle.db, clock, logger: silent, nextId: monotonicIdSource(clock) });
}

/** A promise with its resolve/reject exposed, to wait for a handler instead of sleeping. */
function deferred<T = void>() {
  let resolve!: (value: T) => void;
  let reject!: (error: unknown) => void;
  const promise = new Promise<T>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}

for (const dialect of testDialects()) {
  describe(`job scheduler on ${dialect}`, () => {
    let database: TestDatabase;
    let clock: SimulatedClock;

    before(async () => {
      database = await createTestDatabase(dialect);
    });
    after(async () => {
      await database.close();
    });

    /** Each test uses its own job names, so the shared database does not mix their jobs. */
    function fresh(): JobScheduler {
      clock = new SimulatedClock(START);
      return schedulerOn(database, clock);
    }

    it('hands due jobs of a batch job to its handler together, retrying only the ones that failed', async () => {
      const jobs = fresh();
      const calls: Array<Array<{ n: number; attempt: number }>> = [];
      jobs.defineBatch<{ n: number }>(
        'tb.charge',
        async (batch) => {
          calls.push(batch.map(({ payload, job }) => ({ n: payload.n, attempt: job.attempt })));
          return batch.map(({ payload, job }) =>
            payload.n === 2 && job.attempt === 1 ? new Error('declined once') : undefined,
          );
        },
        { batchSize: 2 },
      );
      await jobs.enqueueMany(
        'tb.charge',
        [1, 2, 3].map((n) => ({ payload: { n }, dedupeKey: `tb:${n}` })),
      );
      // A second enqueue with the same keys adds nothing.
      await jobs.enqueueMany('tb.charge', [{ payload: { n: 1 }, dedupeKey: 'tb:1' }]);

      const first = await jobs.runDue();
      assert.deepEqual(first, { scheduled: 0, ran: 3, succeeded: 2, retried: 1, failed: 0 });
      assert.deepEqual(calls, [
        [
          { n: 1, attempt: 1 },
          { n: 2, attempt: 1 },
        ],
        [{ n: 3, attempt: 1 }],
      ]);
      clock.advance(3_600_000);
      const second = await jobs.runDue();
      assert.deepEqual(second, { scheduled: 0, ran: 1, succeeded: 1, retried: 0, failed: 0 });
      assert.deepEqual(calls.at(-1), [{ n: 2, attempt: 2 }]);
      assert.deepEqual(await jobs.runDue(), { scheduled: 0, ran: 0, succeeded: 0, retried: 0, failed: 0 });
    });

    it('runs a due job once with its payload, and not before its time', async () => {
      const jobs = fresh();
      const seen: unknown[] = [];
      jobs.define('t1.greet', async (payload: { name: string }, job) => {
        seen.push({ ...payload, attempt: job.attempt });
      });
      const now = await jobs.enqueue('t1.greet', { name: 'now' });
      const later = await jobs.enqueue(
        't1.greet',
        { name: 'later' },
        { runAt: new Date(START.getTime() + 60_000) },
      );

      const first = await jobs.runDue();
      assert.deepEqual(first, { scheduled: 0, ran: 1, succeeded: 1, retried: 0, failed: 0 });
      assert.deepEqual(seen, [{ name: 'now', attempt: 1 }]);
      assert.equal((await jobs.get(now.id))?.status, 'succeeded');
      assert.equal((await jobs.get(later.id))?.status, 'pending');

      assert.equal((await jobs.runDue()).ran, 0, 'a finished job does not run again');
      clock.advance(60_000);
      assert.equal((await jobs.runDue()).ran, 1);
      assert.deepEqual(seen, [
        { name: 'now', attempt: 1 },
        { name: 'later', attempt: 1 },
      ]);
    });

    it('returns the existing job for a repeated dedupe key', async () => {
      const jobs = fresh();
      let runs = 0;
      jobs.define('t2.once', async () => {
        runs += 1;
      });
      const a = await jobs.enqueue('t2.once', { n: 1 }, { dedupeKey: 't2:invoice-42' });
      const b = await jobs.enqueue('t2.once', { n: 2 }, { dedupeKey: 't2:invoice-42' });
      assert.equal(b.id, a.id);
      await jobs.runDue();
      await jobs.enqueue('t2.once', { n: 3 }, { dedupeKey: 't2:invoice-42' });
      await jobs.runDue();
      assert.equal(runs, 1, 'a key already used, even by a finished job, adds nothing');
    });

    it('retries a failing handler with exponential backoff on the clock, then marks it failed', async () => {
      const jobs = fresh();
      let calls = 0;
      jobs.define(
        't3.flaky',
        async () => {
          calls += 1;
          if (calls < 3) throw new Error(`boom ${calls}`);
        },
        { maxAttempts: 3, backoff: { baseSeconds: 10, maxSeconds: 100 } },
      );
      jobs.define(
        't3.broken',
        async () => {
          throw new Error('always broken');
        },
        { maxAttempts: 2, backoff: { baseSeconds: 10, maxSeconds: 100 } },
      );
      const flaky = await jobs.enqueue('t3.flaky', {});
      const broken = await jobs.enqueue('t3.broken', {});

      assert.deepEqual(await jobs.runDue(), { scheduled: 0, ran: 2, succeeded: 0, retried: 2, failed: 0 });
      const afterFirst = await jobs.get(flaky.id);
      assert.equal(afterFirst?.status, 'pending');
      assert.equal(afterFirst?.runAt, '2026-01-15T10:00:10.000Z');
      assert.match(afterFirst?.lastError ?? '', /boom 1/);

      assert.equal((await jobs.runDue()).ran, 0, 'nothing runs before the backoff has passed');
      clock.advance(10_000);
      assert.deepEqual(await jobs.runDue(), { scheduled: 0, ran: 2, succeeded: 0, retried: 1, failed: 1 });
      assert.equal(
        (await jobs.get(flaky.id))?.runAt,
        '2026-01-15T10:00:30.000Z',
        'the second delay is twice the first',
      );
      const dead = await jobs.get(broken.id);
      assert.equal(dead?.status, 'failed');
      assert.equal(dead?.attempts, 2);
      assert.match(dead?.lastError ?? '', /always broken/);

      clock.advance(20_000);
      assert.deepEqual(await jobs.runDue(), { scheduled: 0, ran: 1, succeeded: 1, retried: 0, failed: 0 });
      assert.equal((await jobs.get(flaky.id))?.attempts, 3);
    });

    it('lets another worker take over a job whose lease expired, and ignores the late first worker', async () => {
      clock = new SimulatedClock(START);
      const crashed = schedulerOn(database, clock);
      const rescuer = schedulerOn(database, clock);
      const started = deferred();
      const release = deferred();
      crashed.define(
        't4.work',
        async () => {
          started.resolve();
          await release.promise;
          throw new Error('the first worker finally gave up');
        },
        { leaseSeconds: 60 },
      );
      let rescued = 0;
      rescuer.define(
        't4.work',
        async () => {
          rescued += 1;
        },
        { leaseSeconds: 60 },
      );
      const job = await crashed.enqueue('t4.work', {});
      const stuck = crashed.runDue();
      await started.promise;
      assert.equal((await rescuer.runDue()).ran, 0, 'a live lease keeps the job with its worker');

      clock.advance(60_000);
      assert.deepEqual(await rescuer.runDue(), { scheduled: 0, ran: 1, succeeded: 1, retried: 0, failed: 0 });
      assert.equal(rescued, 1);

      release.resolve();
      await stuck;
      const final = await rescuer.get(job.id);
      assert.equal(final?.status, 'succeeded', 'the worker that lost its lease cannot overwrite the result');
      assert.equal(final?.attempts, 2);
    });

    it('never runs one job in two schedulers sharing the database', async () => {
      clock = new SimulatedClock(START);
      const second = openDatabase({ url: database.url, dataDir: database.dataDir });
      try {
        const a = schedulerOn(database, clock);
        const b = schedulerOn(second, clock);
        const runs: string[] = [];
        const handler = async (_payload: unknown, job: { id: string }) => {
          runs.push(job.id);
          // Yield, so the other scheduler gets to race for the same rows meanwhile.
          await nextTurn();
        };
        a.define('t5.race', handler);
        b.define('t5.race', handler);
        const ids: string[] = [];
        for (let i = 0; i < 30; i++) ids.push((await a.enqueue('t5.race', { i })).id);

        const [ra, rb] = await Promise.all([a.runDue(), b.runDue()]);
        assert.equal(ra.ran + rb.ran, 30);
        assert.equal(runs.length, 30, 'no job ran twice');
        assert.deepEqual([...runs].sort(), [...ids].sort());
        const page = await a.list({ limit: 200, status: 'succeeded' });
        assert.equal(page.items.filter((job) => job.name === 't5.race').length, 30);
      } finally {
        await second.close();
      }
    });

    it('turns each due cron slot into exactly one job, coalescing missed slots', async () => {
      clock = new SimulatedClock(START);
      const a = schedulerOn(database, clock);
      const b = schedulerOn(database, clock);
      const slots: string[] = [];
      const handler = async (payload: { scheduledFor: string }) => {
        slots.push(payload.scheduledFor);
      };
      for (const jobs of [a, b]) {
        jobs.define('t6.hourly', handler);
        jobs.every('t6.hourly', '0 * * * *');
      }
      assert.throws(() => a.every('t6.undefined', '0 * * * *'), /define job/);
      assert.throws(() => a.every('t6.hourly', 'not a pattern'));

      assert.deepEqual(await a.runDue(), { scheduled: 0, ran: 0, succeeded: 0, retried: 0, failed: 0 });
      clock.advance(59 * 60_000);
      assert.equal((await a.runDue()).ran, 0, 'the first slot is 11:00');

      clock.advance(60_000);
      const [ra, rb] = await Promise.all([a.runDue(), b.runDue()]);
      assert.equal(ra.scheduled + rb.scheduled, 1, 'one slot, one job, however many schedulers');
      assert.equal(ra.ran + rb.ran, 1);
      assert.deepEqual(slots, ['2026-01-15T11:00:00.000Z']);

      clock.advance(3 * 3600_000 + 30 * 60_000);
      await a.runDue();
      await b.runDue();
      assert.deepEqual(
        slots,
        ['2026-01-15T11:00:00.000Z', '2026-01-15T12:00:00.000Z'],
        'missed slots run once',
      );
      clock.advance(30 * 60_000);
      await b.runDue();
      assert.deepEqual(slots.at(-1), '2026-01-15T15:00:00.000Z');
      assert.equal(slots.length, 3);
    });

    it('stops scheduling and running a job that is removed, and runs it again once redefined', async () => {
      const jobs = fresh();
      const runs: string[] = [];
      const define = () => {
        jobs.define(
          't10.hourly',
          async (payload: { scheduledFor: string }) => void runs.push(payload.scheduledFor),
        );
        jobs.every('t10.hourly', '0 * * * *');
      };
      define();
      await jobs.runDue();
      clock.advance(3600_000);
      assert.equal((await jobs.runDue()).ran, 1);

      jobs.remove('t10.hourly');
      assert.throws(() => jobs.every('t10.hourly', '0 * * * *'), /define job/);
      clock.advance(3600_000);
      assert.deepEqual(await jobs.runDue(), { scheduled: 0, ran: 0, succeeded: 0, retried: 0, failed: 0 });
      const queued = await jobs.enqueue('t10.hourly', { scheduledFor: 'by hand' });
      assert.equal((await jobs.runDue()).ran, 0, 'a removed job is not claimed');

      define();
      await jobs.runDue();
      assert.equal((await jobs.get(queued.id))?.status, 'succeeded');
      assert.deepEqual(runs, ['2026-01-15T11:00:00.000Z', 'by hand', '2026-01-15T12:00:00.000Z']);
    });

    it('polls in the background and wakes up when the simulated clock moves', async () => {
      const jobs = fresh();
      const ran = deferred<string>();
      jobs.define('t7.wake', async (payload: { id: string }) => {
        ran.resolve(payload.id);
      });
      await jobs.enqueue('t7.wake', { id: 'w1' }, { runAt: new Date(START.getTime() + 3600_000) });
      jobs.start();
      try {
        clock.advance(3600_000);
        assert.equal(await ran.promise, 'w1');
      } finally {
        await jobs.stop();
      }
    });

    it('lists jobs newest first with a cursor and a status filter', async () => {
      const jobs = fresh();
      jobs.define('t8.list', async () => {});
      const created: string[] = [];
      for (let i = 0; i < 5; i++) created.push((await jobs.enqueue('t8.list', { i })).id);
      const first = await jobs.list({ limit: 3, status: 'pending' });
      assert.deepEqual(
        first.items.map((job) => job.id),
        created.slice(2).reverse(),
      );
      assert.equal(first.nextCursor, created[2]);
      const second = await jobs.list({ limit: 3, status: 'pending', before: first.nextCursor ?? undefined });
      assert.deepEqual(
        second.items.map((job) => job.id),
        created.slice(0, 2).reverse(),
      );
      assert.equal(second.nextCursor, null);
    });
  });
}
