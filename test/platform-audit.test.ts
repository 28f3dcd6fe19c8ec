import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import pino from 'pino';
import { SimulatedClock } from '../src/lib/clock.js';
import { loadConfig } from '../src/bin/config.js';
import { createPlatform, type Platform } from '../src/platform/index.js';
import { createTestDatabase, testDialects, type TestDatabase } from './support/databases.js';

for (const dialect of testDialects()) {
  describe(`audit log on ${dialect}`, () => {
    let database: TestDatabase;
    let platform: Platform;
    let clock: SimulatedClock;

    before(async () => {
      database = await createTestDatabase(dialect);
      clock = new SimulatedClock(new Date('2026-01-15T10:00:00Z'));
      const config = loadConfig({ IMHOST_LOG_LEVEL: 'silent' });
      platform = createPlatform({ config, clock, database, logger: pino({ level: 'silent' }) });
    });
    after(async () => {
      await platform.stop();
      await database.close();
    });

    it('records events with actor, action, target, time and IP, newest first', async () => {
      const first = await platform.audit.record({
        actorType: 'customer',
        actorId: 'usr_a',
        customerId: 'cus_a',
        action: 'host.create',
        targetType: 'host',
        targetId: 'host_1',
        ip: '203.0.113.7',
        details: { domain: 'chat.a.test' },
      });
      clock.advance(1000);
      const second = await platform.audit.record({
        actorType: 'cli',
        action: 'staff.add',
        targetType: 'user',
        targetId: 'usr_s',
      });
      assert.equal(first.at, '2026-01-15T10:00:00.000Z');

      const page = await platform.audit.list({ limit: 10 });
      assert.deepEqual(
        page.items.map((e) => e.id),
        [second.id, first.id],
      );
      assert.deepEqual(page.items[1], {
        id: first.id,
        at: '2026-01-15T10:00:00.000Z',
        actorType: 'customer',
        actorId: 'usr_a',
        customerId: 'cus_a',
        action: 'host.create',
        targetType: 'host',
        targetId: 'host_1',
        ip: '203.0.113.7',
        details: { domain: 'chat.a.test' },
      });
      assert.equal(page.items[0]?.ip, null);
    });

    it('gives a customer only its own events, and pages through them', async () => {
      const ids: string[] = [];
      for (let i = 0; i < 5; i++) {
        ids.push(
          (await platform.audit.record({ actorType: 'customer', customerId: 'cus_b', action: `b.${i}` })).id,
        );
        await platform.audit.record({ actorType: 'customer', customerId: 'cus_c', action: `c.${i}` });
      }
      const first = await platform.audit.list({ customerId: 'cus_b', limit: 3 });
      assert.deepEqual(
        first.items.map((e) => e.action),
        ['b.4', 'b.3', 'b.2'],
        'events of one second keep their order',
      );
      const rest = await platform.audit.list({
        customerId: 'cus_b',
        limit: 3,
        before: first.nextCursor ?? undefined,
      });
      assert.deepEqual(
        rest.items.map((e) => e.action),
        ['b.1', 'b.0'],
      );
      assert.equal(rest.nextCursor, null);
      assert.ok([...first.items, ...rest.items].every((e) => e.customerId === 'cus_b'));
      assert.equal((await platform.audit.list({ customerId: 'cus_nobody', limit: 10 })).items.length, 0);
    });

    it('is append-only: the log offers no way to change or remove an event', () => {
      assert.deepEqual(Object.keys(platform.audit).sort(), ['list', 'record']);
    });
  });
}
