import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { totpCodeAt } from '../src/accounts/totp.js';
import { PASSWORD, signInStaff, signUpCustomer } from './support/actors.js';
import { ApiClient } from './support/api-client.js';
import { assertError } from './support/errors.js';
import { startTestApp, type TestApp } from './support/app.js';
import { testDialects } from './support/databases.js';

/** Enrols the browser's user and returns the secret. */
async function enrol(test: TestApp, browser: ApiClient): Promise<string> {
  // Without a body, as the dashboard sends it.
  const setup = await browser.request('POST', '/me/2fa/setup');
  assert.equal(setup.statusCode, 200, setup.body);
  const { secret, otpauthUrl, qrSvg } = setup.json();
  assert.match(otpauthUrl, /^otpauth:\/\/totp\//);
  assert.match(qrSvg, /^<svg[\s\S]*<\/svg>\s*$/);
  const enabled = await browser.post('/me/2fa/enable', { code: totpCodeAt(secret, test.clock.nowMs()) });
  assert.equal(enabled.statusCode, 204, enabled.body);
  return secret;
}

for (const dialect of testDialects()) {
  describe(`accounts: two-factor on ${dialect}`, () => {
    let test: TestApp;
    before(async () => {
      test = await startTestApp(dialect);
    });
    after(async () => {
      await test.close();
    });

    it('enrols, then asks for a code at sign-in and refuses a reused one', async () => {
      const browser = await signUpCustomer(test);
      const { email } = browser;
      const setup = (await browser.post('/me/2fa/setup')).json();
      assertError(await browser.post('/me/2fa/enable', { code: '000000' }), 401, 'totp_invalid');
      assert.equal(
        (await browser.get('/me')).json().user.twoFactorEnabled,
        false,
        'a wrong code enables nothing',
      );
      assert.equal(
        (await browser.post('/me/2fa/enable', { code: totpCodeAt(setup.secret, test.clock.nowMs()) }))
          .statusCode,
        204,
      );
      assert.equal((await browser.get('/me')).json().user.twoFactorEnabled, true);
      assertError(await browser.post('/me/2fa/setup'), 409, 'totp_already_enabled');

      const ip = '203.0.113.20';
      assertError(
        await new ApiClient(test.app).post('/login', { email, password: PASSWORD }, { ip }),
        401,
        'totp_required',
      );
      assertError(
        await new ApiClient(test.app).post('/login', { email, password: 'wrong', totp: '123456' }, { ip }),
        401,
        'invalid_credentials',
      );

      // The code used to enable is spent; the next step's code works once.
      const spent = totpCodeAt(setup.secret, test.clock.nowMs());
      assertError(
        await new ApiClient(test.app).post('/login', { email, password: PASSWORD, totp: spent }, { ip }),
        401,
        'totp_invalid',
      );
      test.clock.advance(30_000);
      const fresh = totpCodeAt(setup.secret, test.clock.nowMs());
      const login = await new ApiClient(test.app).post(
        '/login',
        { email, password: PASSWORD, totp: fresh },
        { ip },
      );
      assert.equal(login.statusCode, 200, login.body);
      assertError(
        await new ApiClient(test.app).post('/login', { email, password: PASSWORD, totp: fresh }, { ip }),
        401,
        'totp_invalid',
      );
    });

    it('turns two-factor off only with a current code', async () => {
      const browser = await signUpCustomer(test);
      const { email } = browser;
      const secret = await enrol(test, browser);
      assertError(await browser.post('/me/2fa/disable', { code: '111111' }), 401, 'totp_invalid');
      test.clock.advance(30_000);
      assertError(
        await browser.post(
          '/me/2fa/disable',
          { code: totpCodeAt(secret, test.clock.nowMs()) },
          { csrf: false },
        ),
        403,
        'csrf_failed',
      );
      assert.equal(
        (await browser.post('/me/2fa/disable', { code: totpCodeAt(secret, test.clock.nowMs()) })).statusCode,
        204,
      );
      assert.equal((await browser.get('/me')).json().user.twoFactorEnabled, false);
      assertError(await browser.post('/me/2fa/disable', { code: '123456' }), 409, 'totp_not_enabled');
      assert.equal(
        (await new ApiClient(test.app).post('/login', { email, password: PASSWORD })).statusCode,
        200,
      );
    });

    it('refuses enabling without a pending secret, and wrong types', async () => {
      const browser = await signUpCustomer(test);
      assertError(await browser.post('/me/2fa/enable', { code: '123456' }), 409, 'totp_not_enabled');
      assertError(await browser.post('/me/2fa/enable', { code: 123456 }), 400, 'validation_failed');
      assertError(await new ApiClient(test.app).post('/me/2fa/setup'), 401, 'unauthenticated');
    });
  });

  describe(`accounts: staff two-factor enrolment gate (IMHOST_STAFF_2FA=required) on ${dialect}`, () => {
    let test: TestApp;
    before(async () => {
      test = await startTestApp(dialect, { IMHOST_STAFF_2FA: 'required' });
    });
    after(async () => {
      await test.close();
    });

    it('lets a staff user without two-factor reach only /me, /me/2fa/* and /logout until enrolled', async () => {
      const browser = await signInStaff(test, 'support');
      const { email } = browser;
      assert.equal((await browser.get('/me')).statusCode, 200);
      assertError(await browser.get('/admin/customers'), 403, 'totp_enrollment_required');
      assertError(await browser.get('/tokens'), 403, 'totp_enrollment_required');
      assertError(
        await browser.post('/me/password', { currentPassword: PASSWORD, newPassword: 'another passphrase' }),
        403,
        'totp_enrollment_required',
      );

      const secret = await enrol(test, browser);
      const list = await browser.get('/admin/customers');
      assert.equal(list.statusCode, 200, list.body);

      test.clock.advance(30_000);
      const again = new ApiClient(test.app);
      assertError(await again.post('/login', { email, password: PASSWORD }), 401, 'totp_required');
      assert.equal(
        (
          await again.post('/login', {
            email,
            password: PASSWORD,
            totp: totpCodeAt(secret, test.clock.nowMs()),
          })
        ).statusCode,
        200,
      );
      assert.equal((await again.get('/admin/staff')).statusCode, 200);
      assert.equal((await again.post('/logout')).statusCode, 204);
    });

    it('applies the gate to API tokens of staff too, and leaves customers alone', async () => {
      const staff = await test.ctx.accounts.createStaff({
        email: 'gate-token@example.com',
        password: PASSWORD,
        name: 'T',
        role: 'admin',
      });
      const created = await test.ctx.accounts.createApiToken(staff.id, 'ops');
      assertError(
        await new ApiClient(test.app).get('/admin/staff', {
          headers: { authorization: `Bearer ${created.token}` },
        }),
        403,
        'totp_enrollment_required',
      );

      const customer = await signUpCustomer(test);
      assert.equal((await customer.get('/tokens')).statusCode, 200);
    });
  });
}
