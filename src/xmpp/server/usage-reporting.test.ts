import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { SimulatedClock } from '../../lib/clock.js';
import { createModuleKit, registeredModule } from '../../../test/xmpp/module-kit.js';
import { Observers, type CoreNotices, type UsageBatch } from '../core/index.js';
import { xml } from '../stanza/index.js';
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

const noStorage = async () => new Map<string, number>();

describe('reportUsage', () => {
  it('declares a flush every minute and a storage measurement late in every hour', () => {
    const scheduler = fakeScheduler();
    reportUsage({
      observers: new Observers<CoreNotices>(),
      clock: new SimulatedClock(),
      reporting: { sink: { record: async () => {} }, jobs: scheduler.jobs },
      storedBytesByHost: noStorage,
    });
    assert.deepEqual(Object.fromEntries(scheduler.crons), {
      [FLUSH_USAGE_JOB]: '* * * * *',
      [METER_STORAGE_JOB]: '59 * * * *',
    });
  });

  it('measures every host with stored files and hands the bytes to the sink', async () => {
    const scheduler = fakeScheduler();
    const batches: UsageBatch[] = [];
    reportUsage({
      observers: new Observers<CoreNotices>(),
      clock: new SimulatedClock(new Date('2026-03-01T10:59:00Z')),
      reporting: { sink: { record: async (batch) => batches.push(batch) }, jobs: scheduler.jobs },
      storedBytesByHost: async () =>
        new Map([
          ['host_a', 2_000],
          ['host_b', 7],
        ]),
    });
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
    const { flush } = reportUsage({
      observers: new Observers<CoreNotices>(),
      clock: new SimulatedClock(),
      reporting: undefined,
      storedBytesByHost: async () => new Map([['host_a', 1]]),
    });
    assert.equal(await flush(), 0);
  });

  it('counts, from routing, each message with a body a member sends to an account, once', async () => {
    const kit = createModuleKit({ modules: [registeredModule('message')], members: ['carol@example.test'] });
    const { meter } = reportUsage({
      observers: kit.core.observers,
      clock: kit.clock,
      reporting: undefined,
      storedBytesByHost: noStorage,
    });
    const counted = () => meter.pending().messages;
    const available = { presence: '<presence/>' };
    const alice = await kit.connect('alice@example.test/a', available);
    await kit.connect('bob@example.test/one', available);
    await kit.connect('bob@example.test/two', available);

    await kit.send(alice, "<message type='chat' to='bob@example.test'><body>hi</body></message>");
    assert.equal(counted(), 1, 'once, though both of his resources get it');
    await kit.send(alice, "<message type='chat' to='bob@example.test/two'><body>hi</body></message>");
    await kit.send(alice, "<message type='chat' to='carol@example.test'><body>stored</body></message>");
    assert.equal(counted(), 2, 'to a resource counts; no offline storage here, so it bounces');
    await kit.send(
      alice,
      "<message type='chat' to='bob@example.test'><active xmlns='http://jabber.org/protocol/chatstates'/></message>",
    );
    await kit.send(alice, "<message to='nobody@example.test'><body>lost</body></message>");
    await kit.send(alice, "<message to='example.test'><body>to the server</body></message>");
    await kit.core.route(
      xml('message', { from: 'example.test', to: 'bob@example.test', type: 'chat' }, xml('body', {}, 'news')),
    );
    assert.equal(counted(), 2, 'chat states, bounces, messages to the server and from it are free');
  });
});
