import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { SimulatedClock } from '../../lib/clock.js';
import type { HostRecord, UsageBatch } from '../core/index.js';
import { UsageMeter } from './usage-meter.js';

const host = (id: string): HostRecord => ({
  id,
  domain: `${id}.example`,
  status: 'active',
  statusReason: null,
  customerId: `cus_${id}`,
});

function meterAt(iso: string) {
  const clock = new SimulatedClock(new Date(iso));
  let next = 0;
  return { clock, meter: new UsageMeter(clock, (prefix) => `${prefix}_${++next}`) };
}

function collectingSink() {
  const batches: UsageBatch[] = [];
  return { batches, sink: { record: async (batch: UsageBatch) => batches.push(batch) } };
}

const failingSink = {
  record: async () => {
    throw new Error('database unavailable');
  },
};

describe('UsageMeter', () => {
  it('counts messages per host and hour, and keeps the peak of stored bytes', async () => {
    const { clock, meter } = meterAt('2026-03-01T10:59:00Z');
    meter.messageSent(host('a'));
    meter.messageSent(host('a'));
    meter.messageSent(host('b'));
    meter.storageUsed('a', 5_000);
    meter.storageUsed('a', 3_000);
    clock.advance(60_000);
    meter.messageSent(host('a'));
    const { batches, sink } = collectingSink();
    assert.equal(await meter.flush(sink), 4);
    assert.equal(batches.length, 1);
    assert.equal(batches[0]!.key, 'usg_1');
    assert.deepEqual(
      batches[0]!.reports.map((r) => [r.hostId, r.metric, r.at.toISOString(), r.quantity]),
      [
        ['a', 'messages', '2026-03-01T10:00:00.000Z', 2],
        ['b', 'messages', '2026-03-01T10:00:00.000Z', 1],
        ['a', 'storage_bytes', '2026-03-01T10:00:00.000Z', 5_000],
        ['a', 'messages', '2026-03-01T11:00:00.000Z', 1],
      ],
    );
  });

  it('takes and resets the counts, so a second flush sends nothing', async () => {
    const { meter } = meterAt('2026-03-01T10:00:00Z');
    meter.messageSent(host('a'));
    const { batches, sink } = collectingSink();
    assert.equal(await meter.flush(sink), 1);
    assert.equal(await meter.flush(sink), 0);
    assert.equal(batches.length, 1);
    assert.deepEqual(meter.pending(), { messages: 0, storage_bytes: 0 });
  });

  it('resends a failed batch with its key, then what came after in a batch of its own', async () => {
    const { meter } = meterAt('2026-03-01T10:00:00Z');
    meter.messageSent(host('a'));
    await assert.rejects(meter.flush(failingSink), /unavailable/);
    meter.messageSent(host('b'));
    assert.deepEqual(meter.pending(), { messages: 2, storage_bytes: 0 });
    // Still failing: the new count waits, the failed batch keeps its key.
    await assert.rejects(meter.flush(failingSink), /unavailable/);
    const { batches, sink } = collectingSink();
    assert.equal(await meter.flush(sink), 2);
    assert.deepEqual(
      batches.map((b) => [b.key, b.reports.map((r) => r.hostId)]),
      [
        ['usg_1', ['a']],
        ['usg_2', ['b']],
      ],
    );
    assert.deepEqual(meter.pending(), { messages: 0, storage_bytes: 0 });
  });

  it('runs overlapping flushes one after the other, each count once', async () => {
    const { meter } = meterAt('2026-03-01T10:00:00Z');
    meter.messageSent(host('a'));
    const { batches, sink } = collectingSink();
    const [first, second] = await Promise.all([meter.flush(sink), meter.flush(sink)]);
    assert.deepEqual([first, second], [1, 0]);
    assert.equal(batches.length, 1);
  });
});
