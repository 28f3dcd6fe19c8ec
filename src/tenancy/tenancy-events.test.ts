import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { TenancyEvents, type MemberEvent, type TenancyEventName } from './tenancy-events.js';

describe('TenancyEvents', () => {
  it('delivers each event to its listeners until they unsubscribe', () => {
    const events = new TenancyEvents(() => assert.fail('no listener fails here'));
    const seen: MemberEvent[] = [];
    const off = events.on('member.disabled', (event) => void seen.push(event));
    events.on('member.deleted', () => assert.fail('another event name'));
    const event = { hostId: 'host_1', domain: 'chat.example', username: 'alice' };
    events.emit('member.disabled', event);
    off();
    events.emit('member.disabled', event);
    assert.deepEqual(seen, [event]);
  });

  it('reports a failing listener, sync or async, and still calls the others', async () => {
    const failures: Array<[unknown, TenancyEventName]> = [];
    let reported!: () => void;
    const bothReported = new Promise<void>((resolve) => (reported = resolve));
    const events = new TenancyEvents((error, name) => {
      failures.push([error, name]);
      if (failures.length === 2) reported();
    });
    let calls = 0;
    events.on('host.deleted', () => {
      throw new Error('sync');
    });
    events.on('host.deleted', async () => {
      throw new Error('async');
    });
    events.on('host.deleted', () => void calls++);
    assert.doesNotThrow(() => events.emit('host.deleted', { hostId: 'host_1', domain: 'chat.example' }));
    assert.equal(calls, 1);
    await bothReported;
    assert.deepEqual(
      failures.map(([error, name]) => [(error as Error).message, name]),
      [
        ['sync', 'host.deleted'],
        ['async', 'host.deleted'],
      ],
    );
  });
});
