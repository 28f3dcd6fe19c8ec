/**
 * The simulated clock (IMHOST_CLOCK=simulated) survives a restart: staff move it forward, the
 * process stops, a new one starts on the same database, and its clock is not earlier than before,
 * so what is written after the restart sorts after what was written before it.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { compose, type Composed } from '../src/bin/compose.js';
import { loadConfig } from '../src/bin/config.js';
import { PASSWORD } from './support/actors.js';
import { ApiClient } from './support/api-client.js';
import { createTestDatabase, testDialects, type TestDatabase } from './support/databases.js';

const DAY_SECONDS = 86_400;

for (const dialect of testDialects()) {
  describe(`simulated clock across restarts (${dialect})`, () => {
    let database: TestDatabase;
    const running: Composed[] = [];

    /** The product as `imhost start` builds it: the clock comes from the configuration. */
    async function start(): Promise<Composed> {
      const config = loadConfig({
        IMHOST_DATA_DIR: database.dataDir,
        IMHOST_LOG_LEVEL: 'silent',
        IMHOST_STAFF_2FA: 'optional',
        IMHOST_CLOCK: 'simulated',
        IMHOST_PUBLIC_URL: 'http://imhost.test',
      });
      const composed = await compose({ config, database, migrate: false });
      running.push(composed);
      return composed;
    }

    async function stop(composed: Composed): Promise<void> {
      running.splice(running.indexOf(composed), 1);
      await composed.close();
    }

    before(async () => {
      database = await createTestDatabase(dialect);
    });
    after(async () => {
      for (const composed of running) await composed.close();
      await database.close();
    });

    it('starts where staff left it, never earlier', async () => {
      const email = 'clock-admin@operator.test';
      const first = await start();
      await first.ctx.accounts.createStaff({ email, password: PASSWORD, name: 'Clock', role: 'admin' });
      const admin = new ApiClient(first.app);
      assert.equal((await admin.post('/login', { email, password: PASSWORD })).statusCode, 200);
      const moved = await admin.post('/admin/clock', { advanceSeconds: 400 * DAY_SECONDS });
      assert.equal(moved.statusCode, 200, moved.body);
      const advancedTo = Date.parse(moved.json().now);
      await first.ctx.platform.mailer.send({ to: email, subject: 'before the restart', text: '.' });
      await stop(first);

      const second = await start();
      assert.ok(
        second.ctx.clock.nowMs() >= advancedTo,
        `restarted at ${second.ctx.clock.now().toISOString()}, before ${moved.json().now}`,
      );
      await second.ctx.platform.mailer.send({ to: email, subject: 'after the restart', text: '.' });
      const mails = (await second.ctx.platform.mailer.list({ limit: 2 })).items;
      assert.deepEqual(
        mails.map((mail) => mail.subject),
        ['after the restart', 'before the restart'],
      );
      assert.ok(mails[0]!.createdAt >= mails[1]!.createdAt);

      // Moved again after the restart, it goes on from there, and that is kept too.
      const admin2 = new ApiClient(second.app);
      assert.equal((await admin2.post('/login', { email, password: PASSWORD })).statusCode, 200);
      const movedAgain = await admin2.post('/admin/clock', { advanceSeconds: 30 * DAY_SECONDS });
      assert.equal(movedAgain.statusCode, 200, movedAgain.body);
      await stop(second);
      const third = await start();
      assert.ok(third.ctx.clock.nowMs() >= Date.parse(movedAgain.json().now));
    });
  });
}
