import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { PASSWORD, signUpCustomer } from './support/actors.js';
import { ApiClient } from './support/api-client.js';
import { assertError } from './support/errors.js';
import { startTestApp, type TestApp } from './support/app.js';
import { testDialects } from './support/databases.js';

interface SessionItem {
  id: string;
  createdAt: string;
  lastSeenAt: string;
  ip: string | null;
  userAgent: string | null;
  current: boolean;
}

for (const dialect of testDialects()) {
  describe(`accounts: my sessions on ${dialect}`, () => {
    let test: TestApp;
    before(async () => {
      test = await startTestApp(dialect);
    });
    after(async () => {
      await test.close();
    });

    async function signInElsewhere(email: string, ip: string, userAgent: string) {
      const browser = new ApiClient(test.app);
      const response = await browser.post(
        '/login',
        { email, password: PASSWORD },
        { ip, headers: { 'user-agent': userAgent } },
      );
      assert.equal(response.statusCode, 200, response.body);
      return browser;
    }

    async function sessionsOf(browser: ApiClient): Promise<SessionItem[]> {
      const response = await browser.get('/me/sessions');
      assert.equal(response.statusCode, 200, response.body);
      return (response.json() as { items: SessionItem[] }).items;
    }

    it('lists my active sessions with where they came from, and marks the current one', async () => {
      const laptop = await signUpCustomer(test);
      const { email } = laptop;
      const signedUpAt = test.clock.now().toISOString();
      test.clock.advance(120_000);
      const phone = await signInElsewhere(email, '203.0.113.7', 'Phone Browser/1.0');

      const fromLaptop = await sessionsOf(laptop);
      assert.equal(fromLaptop.length, 2);
      const [newest, oldest] = fromLaptop as [SessionItem, SessionItem];
      assert.deepEqual(
        { ...newest, id: undefined },
        {
          id: undefined,
          createdAt: test.clock.now().toISOString(),
          lastSeenAt: test.clock.now().toISOString(),
          ip: '203.0.113.7',
          userAgent: 'Phone Browser/1.0',
          current: false,
        },
      );
      assert.equal(oldest.current, true);
      assert.equal(oldest.createdAt, signedUpAt);
      // Reading the list just now refreshed the laptop's last-seen time (it was over a minute old).
      assert.equal(oldest.lastSeenAt, test.clock.now().toISOString());

      const fromPhone = await sessionsOf(phone);
      assert.deepEqual(
        fromPhone.map((s) => [s.id, s.current]),
        [
          [newest.id, true],
          [oldest.id, false],
        ],
      );

      // The ids shown are not the stored keys of the sessions.
      const stored = await test.database.db.selectFrom('sessions').select('id').execute();
      for (const session of fromLaptop)
        assert.ok(!stored.some((row) => row.id.includes(session.id.slice(4))));
    });

    it('signs out another session, which then no longer authenticates', async () => {
      const laptop = await signUpCustomer(test);
      const { email } = laptop;
      const phone = await signInElsewhere(email, '198.51.100.2', 'Phone Browser/2.0');
      const target = (await sessionsOf(laptop)).find((s) => !s.current)!;

      assertError(await laptop.delete(`/me/sessions/${target.id}`, { csrf: false }), 403, 'csrf_failed');
      assert.equal((await laptop.delete(`/me/sessions/${target.id}`)).statusCode, 204);
      assertError(await phone.get('/me'), 401, 'unauthenticated');
      assert.deepEqual(
        (await sessionsOf(laptop)).map((s) => s.current),
        [true],
      );
      assertError(await laptop.delete(`/me/sessions/${target.id}`), 404, 'session_not_found');
      const audit = (await laptop.get('/audit')).json().items;
      assert.equal(audit[0].action, 'user.end_session');
    });

    it("cannot see or end another user's sessions (404)", async () => {
      const alice = await signUpCustomer(test);
      const bob = await signUpCustomer(test);
      const bobsSession = (await sessionsOf(bob))[0]!;
      assert.ok(!(await sessionsOf(alice)).some((s) => s.id === bobsSession.id));
      assertError(await alice.delete(`/me/sessions/${bobsSession.id}`), 404, 'session_not_found');
      assert.equal((await bob.get('/me')).statusCode, 200);
    });

    it('leaves expired sessions out and needs a signed-in caller', async () => {
      const browser = await signUpCustomer(test);
      test.clock.advance(test.config.sessionTtlHours * 3600 * 1000 + 1000);
      assertError(await browser.get('/me/sessions'), 401, 'unauthenticated');
      assertError(await new ApiClient(test.app).delete('/me/sessions/ses_x'), 401, 'unauthenticated');
    });
  });
}
