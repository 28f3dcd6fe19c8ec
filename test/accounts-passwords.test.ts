import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { PASSWORD, signInStaff, signUpCustomer, uniqueEmail } from './support/actors.js';
import { ApiClient } from './support/api-client.js';
import { assertError } from './support/errors.js';
import { mailedToken } from './support/outbox.js';
import { startTestApp, type TestApp } from './support/app.js';
import { testDialects } from './support/databases.js';

const NEW_PASSWORD = 'a whole new passphrase';

for (const dialect of testDialects()) {
  describe(`accounts: passwords and sign-in throttling on ${dialect}`, () => {
    let test: TestApp;
    before(async () => {
      test = await startTestApp(dialect);
    });
    after(async () => {
      await test.close();
    });

    async function canLogIn(email: string, password: string, ip = '203.0.113.50'): Promise<boolean> {
      const response = await new ApiClient(test.app).post('/login', { email, password }, { ip });
      return response.statusCode === 200;
    }

    it('changes the password and ends every other session', async () => {
      const browser = await signUpCustomer(test);
      const { email } = browser;
      const other = new ApiClient(test.app);
      assert.equal((await other.post('/login', { email, password: PASSWORD })).statusCode, 200);

      assertError(
        await browser.post(
          '/me/password',
          { currentPassword: PASSWORD, newPassword: NEW_PASSWORD },
          { csrf: false },
        ),
        403,
        'csrf_failed',
      );
      assertError(
        await browser.post('/me/password', { currentPassword: 'not it at all', newPassword: NEW_PASSWORD }),
        400,
        'wrong_password',
      );
      assertError(
        await browser.post('/me/password', { currentPassword: PASSWORD, newPassword: 'short' }),
        400,
        'password_too_short',
      );
      const changed = await browser.post('/me/password', {
        currentPassword: PASSWORD,
        newPassword: NEW_PASSWORD,
      });
      assert.equal(changed.statusCode, 204, changed.body);

      assert.equal((await browser.get('/me')).statusCode, 200, 'the session that changed it stays');
      assertError(await other.get('/me'), 401, 'unauthenticated');
      assert.equal(await canLogIn(email, PASSWORD), false);
      assert.equal(await canLogIn(email, NEW_PASSWORD), true);
      assertError(
        await new ApiClient(test.app).post('/me/password', {
          currentPassword: PASSWORD,
          newPassword: NEW_PASSWORD,
        }),
        401,
        'unauthenticated',
      );
    });

    it('resets a forgotten password by email and ends every session', async () => {
      const browser = await signUpCustomer(test);
      const { email } = browser;
      const anonymous = new ApiClient(test.app);
      const requested = await anonymous.post('/password-reset', { email: email.toUpperCase() });
      assert.equal(requested.statusCode, 202);
      const token = await mailedToken(test, email, '/reset-password');

      assertError(
        await anonymous.post('/password-reset/confirm', { token, password: '1234' }),
        400,
        'password_too_short',
      );
      const confirmed = await anonymous.post('/password-reset/confirm', { token, password: NEW_PASSWORD });
      assert.equal(confirmed.statusCode, 204, confirmed.body);
      assertError(await browser.get('/me'), 401, 'unauthenticated');
      assert.equal(await canLogIn(email, NEW_PASSWORD), true);
      assertError(
        await anonymous.post('/password-reset/confirm', { token, password: 'yet another passphrase' }),
        410,
        'token_invalid',
      );
    });

    it('answers the same for unknown addresses and mails nothing', async () => {
      const before = (await test.ctx.platform.mailer.list({ limit: 200 })).items.length;
      const unknown = uniqueEmail('ghost');
      const response = await new ApiClient(test.app).post('/password-reset', { email: unknown });
      assert.equal(response.statusCode, 202);
      assert.deepEqual(response.json(), {});
      assert.equal((await test.ctx.platform.mailer.list({ limit: 200 })).items.length, before);
    });

    it('mails at most one reset link per address per minute', async () => {
      const { email } = await signUpCustomer(test);
      const resetMails = async () =>
        (await test.ctx.platform.mailer.list({ limit: 200 })).items.filter(
          (m) => m.recipients.includes(email) && m.text.includes('/reset-password?token='),
        ).length;
      for (let i = 0; i < 3; i++) {
        assert.equal((await new ApiClient(test.app).post('/password-reset', { email })).statusCode, 202);
      }
      assert.equal(await resetMails(), 1);
      test.clock.advance(60_000);
      assert.equal((await new ApiClient(test.app).post('/password-reset', { email })).statusCode, 202);
      assert.equal(await resetMails(), 2);
    });

    it('refuses a reset link after an hour', async () => {
      const { email } = await signUpCustomer(test);
      await new ApiClient(test.app).post('/password-reset', { email });
      const token = await mailedToken(test, email, '/reset-password');
      test.clock.advance(3600_000 + 1000);
      assertError(
        await new ApiClient(test.app).post('/password-reset/confirm', { token, password: NEW_PASSWORD }),
        410,
        'token_invalid',
      );
      assert.equal(await canLogIn(email, PASSWORD), true);
    });

    async function failLogIns(email: string, ips: string[]): Promise<void> {
      for (const ip of ips)
        assertError(
          await new ApiClient(test.app).post('/login', { email, password: 'wrong guess' }, { ip }),
          401,
          'invalid_credentials',
        );
    }

    it('stops brute force from one address, even with the right password, until the window passes', async () => {
      const { email } = await signUpCustomer(test);
      await failLogIns(email, Array(5).fill('192.0.2.1'));
      const throttled = await new ApiClient(test.app).post(
        '/login',
        { email, password: PASSWORD },
        { ip: '192.0.2.1' },
      );
      assertError(throttled, 429, 'login_throttled');
      const retryAfter = throttled.json().error.details.retryAfterSeconds;
      assert.ok(retryAfter > 0 && retryAfter <= 15 * 60, String(retryAfter));
      test.clock.advance(retryAfter * 1000);
      assert.equal(await canLogIn(email, PASSWORD, '192.0.2.1'), true);
    });

    it('lets the owner sign in from a fresh address while strangers attack the account', async () => {
      const { email } = await signUpCustomer(test);
      // The attacks seen from outside: five failures from one address, five from five addresses.
      await failLogIns(email, Array(5).fill('192.0.2.2'));
      await failLogIns(email, ['192.0.2.3', '192.0.2.4', '192.0.2.5', '192.0.2.6', '192.0.2.7']);
      assert.equal(await canLogIn(email, PASSWORD, '192.0.2.99'), true, 'a fresh address gets in');
      await failLogIns(email, ['192.0.2.8', '192.0.2.9']);
      assert.equal(await canLogIn(email, PASSWORD, '192.0.2.99'), true, 'and stays trusted');
    });

    it('lets staff sign in from a fresh address while strangers attack their account', async () => {
      const { email } = await signInStaff(test);
      await failLogIns(email, Array(5).fill('192.0.2.20'));
      await failLogIns(email, ['192.0.2.21', '192.0.2.22', '192.0.2.23']);
      assert.equal(await canLogIn(email, PASSWORD, '192.0.2.120'), true);
    });

    it('throttles an IP after 20 failures across accounts', async () => {
      const ip = '198.18.0.7';
      for (let i = 0; i < 20; i++) {
        assertError(
          await new ApiClient(test.app).post(
            '/login',
            { email: uniqueEmail('spray'), password: 'guess' },
            { ip },
          ),
          401,
          'invalid_credentials',
        );
      }
      const { email } = await signUpCustomer(test);
      assertError(
        await new ApiClient(test.app).post('/login', { email, password: PASSWORD }, { ip }),
        429,
        'login_throttled',
      );
      assert.equal(await canLogIn(email, PASSWORD, '198.18.0.8'), true, 'another IP is not affected');
    });

    it('counts sign-in attempts by result for /metrics', async () => {
      const rendered = await test.ctx.platform.metrics.render();
      for (const result of ['success', 'invalid_credentials', 'login_throttled']) {
        assert.match(
          rendered,
          new RegExp(`imhost_login_attempts_total\\{result="${result}"\\} [1-9]`),
          result,
        );
      }
    });
  });
}
