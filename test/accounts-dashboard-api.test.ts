import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { PASSWORD, signInStaff, signUpCustomer } from './support/actors.js';
import { ApiClient } from './support/api-client.js';
import { assertError } from './support/errors.js';
import { startTestApp, type TestApp } from './support/app.js';
import { testDialects } from './support/databases.js';

for (const dialect of testDialects()) {
  describe(`accounts: what the dashboard reads (server info, audit emails, Retry-After) on ${dialect}`, () => {
    let test: TestApp;
    before(async () => {
      test = await startTestApp(dialect, { IMHOST_C2S_PORT: '15222', IMHOST_C2S_TLS_PORT: '15223' });
    });
    after(async () => {
      await test.close();
    });

    it('tells any signed-in user how clients connect', async () => {
      assertError(await new ApiClient(test.app).get('/server-info'), 401, 'unauthenticated');
      const browser = await signUpCustomer(test);
      const info = await browser.get('/server-info');
      assert.equal(info.statusCode, 200, info.body);
      assert.deepEqual(info.json(), {
        version: test.ctx.version,
        c2sPort: 15222,
        c2sTlsPort: 15223,
        websocketPath: '/xmpp-websocket',
        publicUrl: 'http://imhost.test',
        hostedDomain: null,
      });
      const staff = await signInStaff(test, 'support');
      assert.equal((await staff.get('/server-info')).statusCode, 200);
    });

    it('names the users who acted in the audit log by email', async () => {
      const browser = await signUpCustomer(test);
      const { email } = browser;
      await browser.post('/tokens', { name: 'audit check' });
      const mine = (await browser.get('/audit')).json().items;
      const created = mine.find((e: { action: string }) => e.action === 'api_token.create');
      assert.equal(created.actorEmail, email);
      for (const event of mine) assert.equal(event.actorEmail, event.actorId === null ? null : email);

      const staff = await signInStaff(test, 'admin');
      assert.equal((await staff.patch('/me', { name: 'Renamed Staff' })).statusCode, 200);
      const all = (await staff.get('/admin/audit')).json().items as {
        actorType: string;
        actorEmail: string | null;
        action: string;
      }[];
      const renamed = all.find((e) => e.action === 'user.update_profile' && e.actorType === 'staff');
      assert.equal(renamed?.actorEmail, staff.email);
      assert.ok(all.some((e) => e.actorEmail === email));
      const anonymous = all.find((e) => e.actorType === 'anonymous');
      assert.equal(anonymous?.actorEmail, null);
    });

    it('hides the staff member who acted on a customer account, email included', async () => {
      const browser = await signUpCustomer(test);
      const { customer } = browser;
      const staff = await signInStaff(test, 'admin');
      await test.ctx.platform.audit.record({
        actorType: 'staff',
        actorId: (await staff.get('/me')).json().user.id,
        customerId: customer.id,
        action: 'host.update_status',
      });
      const event = (await browser.get('/audit')).json().items[0];
      assert.equal(event.action, 'host.update_status');
      assert.equal(event.actorId, null);
      assert.equal(event.actorEmail, null);
    });

    it('sends Retry-After with rate-limited errors that say when to come back', async () => {
      const { email } = await signUpCustomer(test);
      const browser = new ApiClient(test.app);
      for (let attempt = 0; attempt < 5; attempt++) {
        assertError(
          await browser.post('/login', { email, password: 'wrong password!' }),
          401,
          'invalid_credentials',
        );
      }
      const throttled = await browser.post('/login', { email, password: PASSWORD });
      assertError(throttled, 429, 'login_throttled');
      const seconds = throttled.json().error.details.retryAfterSeconds as number;
      assert.ok(seconds > 0);
      assert.equal(throttled.headers['retry-after'], String(seconds));
      // Other errors carry no such header.
      const wrong = await new ApiClient(test.app).post('/login', {
        email: 'nobody@example.com',
        password: PASSWORD,
      });
      assertError(wrong, 401, 'invalid_credentials');
      assert.equal(wrong.headers['retry-after'], undefined);
    });
  });
}
