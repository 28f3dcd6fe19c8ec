import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { SimulatedClock } from '../../lib/clock.js';
import { UsageMeter, type UsageBatch } from '../core/index.js';
import { FLUSH_USAGE_JOB, METER_STORAGE_JOB, reportUsage, type UsageReporting } from './usage-reporting.js';

function fakeScheduler() {
  const handlers = new Map<string, () => Promise<void>>();
  const crons = new Map<string, string>();
  const jobs: UsageReporting['jobs'] = {
    define: (name, handler) =>
      void handlers.set(name, () => handler(undefined as never, { id: 'job_1', name, attempt: 1 } as never)),
    every: (name, cron) => void crons.set(name, cron),
  };
  return { handlers, crons, jobs };
}

describe('reportUsage', () => {
  it('declares a flush every minute and a storage measurement late in every hour', () => {
    const scheduler = fakeScheduler();
    const core = { usage: new UsageMeter(new SimulatedClock()) };
    reportUsage(core, { sink: { record: async () => {} }, jobs: scheduler.jobs }, async () => new Map());
    assert.deepEqual(Object.fromEntries(scheduler.crons), {
      [FLUSH_USAGE_JOB]: '* * * * *',
      [METER_STORAGE_JOB]: '59 * * * *',
    });
  });

  it('measures every host with stored files and hands the bytes to the sink', async () => {
    const scheduler = fakeScheduler();
    const core = { usage: new UsageMeter(new SimulatedClock(new Date('2026-03-01T10:59:00Z'))) };
    const batches: UsageBatch[] = [];
    reportUsage(
      core,
      { sink: { record: async (batch) => batches.push(batch) }, jobs: scheduler.jobs },
      async () =>
        new Map([
          ['host_a', 2_000],
          ['host_b', 7],
        ]),
    );
    await scheduler.handlers.get(METER_STORAGE_JOB)!();
    assert.deepEqual(
      batches.flatMap((b) => b.reports.map((r) => [r.hostId, r.metric, r.quantity])),
      [
        ['host_a', 'storage_bytes', 2_000],
        ['host_b', 'storage_bytes', 7],
      ],
    );
  });

  it('does nothing without a sink', async () => {
    const core = { usage: new UsageMeter(new SimulatedClock()) };
    const flush = reportUsage(core, undefined, async () => new Map([['host_a', 1]]));
    assert.equal(await flush(), 0);
  });
});
