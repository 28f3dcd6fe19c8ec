import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { PASSWORD, signUpCustomer, uniqueEmail } from './support/actors.js';
import { ApiClient } from './support/api-client.js';
import { assertError } from './support/errors.js';
import { mailedToken } from './support/outbox.js';
import { startTestApp, type TestApp } from './support/app.js';
import { testDialects } from './support/databases.js';

for (const dialect of testDialects()) {
  describe(`accounts: sign-up, verification, sign-in on ${dialect}`, () => {
    let test: TestApp;
    before(async () => {
      test = await startTestApp(dialect);
    });
    after(async () => {
      await test.close();
    });

    it('signs up an organisation with its owner, sets the cookies and mails a verification link', async () => {
      const browser = new ApiClient(test.app);
      const email = uniqueEmail();
      const response = await browser.post('/signup', {
        email: `  ${email.toUpperCase()} `,
        password: PASSWORD,
        name: 'Ann Lee',
        organization: 'Acme Ltd',
      });
      assert.equal(response.statusCode, 201, response.body);
      const body = response.json();
      assert.equal(body.user.email, email);
      assert.equal(body.user.kind, 'customer');
      assert.equal(body.user.emailVerified, false);
      assert.deepEqual(body.customer, { id: body.customer.id, name: 'Acme Ltd', role: 'owner' });
      assert.match(body.customer.id, /^cus_/);

      const session = response.cookies.find((c) => c.name === 'imhost_session');
      const csrf = response.cookies.find((c) => c.name === 'imhost_csrf');
      assert.ok(session && csrf);
      assert.equal(session.httpOnly, true);
      assert.equal(session.sameSite, 'Lax');
      assert.equal(session.path, '/');
      assert.notEqual(csrf.httpOnly, true, 'the CSRF cookie is readable by the dashboard');
      assert.notEqual(session.secure, true, 'plain-http public URL: no Secure flag');

      const me = await browser.get('/me');
      assert.equal(me.statusCode, 200);
      assert.equal(me.json().csrfToken, csrf.value);
      assert.equal(me.json().customer.name, 'Acme Ltd');

      const token = await mailedToken(test, email, '/verify-email');
      const verified = await new ApiClient(test.app).post('/verify-email', { token });
      assert.equal(verified.statusCode, 200, verified.body);
      assert.equal(verified.json().user.emailVerified, true);
      assert.equal((await browser.get('/me')).json().user.emailVerified, true);

      assertError(await new ApiClient(test.app).post('/verify-email', { token }), 410, 'token_invalid');
    });

    it('records sign-up and sign-in in the audit log', async () => {
      const { user, customer, email } = await signUpCustomer(test);
      assert.equal(
        (await new ApiClient(test.app).post('/login', { email, password: PASSWORD })).statusCode,
        200,
      );
      const events = await test.ctx.platform.audit.list({ limit: 50, customerId: customer.id });
      for (const action of ['user.signup', 'user.login']) {
        const event = events.items.find((e) => e.action === action);
        assert.ok(event, `${action} recorded`);
        assert.equal(event.targetId, user.id);
      }
    });

    it('slides last_seen_at as the session is used', async () => {
      const browser = await signUpCustomer(test);
      const { user } = browser;
      const seen = async () =>
        (
          await test.database.db
            .selectFrom('sessions')
            .select('last_seen_at')
            .where('user_id', '=', user.id)
            .executeTakeFirstOrThrow()
        ).last_seen_at;
      const started = await seen();
      test.clock.advance(5 * 60_000);
      assert.equal((await browser.get('/me')).statusCode, 200);
      assert.equal(await seen(), test.clock.now().toISOString());
      assert.notEqual(await seen(), started);
    });

    it('refuses an expired verification link', async () => {
      const { email } = await signUpCustomer(test);
      const token = await mailedToken(test, email, '/verify-email');
      test.clock.advance(48 * 3600_000 + 1000);
      assertError(await new ApiClient(test.app).post('/verify-email', { token }), 410, 'token_invalid');
      assertError(
        await new ApiClient(test.app).post('/verify-email', { token: 'nonsense' }),
        410,
        'token_invalid',
      );
    });

    it('mails a new verification link on request, at most once a minute and only while unverified', async () => {
      const browser = await signUpCustomer(test);
      const { email } = browser;
      const links = async () =>
        (await test.ctx.platform.mailer.list({ limit: 200 })).items.filter(
          (m) => m.recipients.includes(email) && m.text.includes('/verify-email?token='),
        ).length;
      assert.equal((await browser.post('/me/verification-email')).statusCode, 202);
      assert.equal(await links(), 1, 'the sign-up link went out less than a minute ago');
      test.clock.advance(60_000);
      assert.equal((await browser.post('/me/verification-email')).statusCode, 202);
      assert.equal(await links(), 2);
      const token = await mailedToken(test, email, '/verify-email');
      assert.equal(
        (await new ApiClient(test.app).post('/verify-email', { token })).statusCode,
        200,
        'the newest link works',
      );
      test.clock.advance(60_000);
      assert.equal((await browser.post('/me/verification-email')).statusCode, 202);
      assert.equal(await links(), 2, 'verified: nothing more to send');
      assertError(await browser.post('/me/verification-email', {}, { csrf: false }), 403, 'csrf_failed');
      assertError(await new ApiClient(test.app).post('/me/verification-email'), 401, 'unauthenticated');
    });

    it('refuses a duplicate email, whatever its case', async () => {
      const { email } = await signUpCustomer(test);
      const again = await new ApiClient(test.app).post('/signup', {
        email: email.toUpperCase(),
        password: PASSWORD,
        name: 'B',
        organization: 'B',
      });
      assertError(again, 409, 'email_taken');
    });

    it('refuses bad input with stable codes', async () => {
      const b = new ApiClient(test.app);
      const valid = { email: uniqueEmail(), password: PASSWORD, name: 'Ann', organization: 'Acme' };
      assertError(
        await b.request('POST', '/signup', undefined, { raw: '{"email": ' }),
        400,
        'malformed_json',
      );
      assertError(await b.post('/signup', { ...valid, admin: true }), 400, 'validation_failed');
      assertError(await b.post('/signup', { ...valid, password: 12345678 }), 400, 'validation_failed');
      assertError(await b.post('/signup', { ...valid, name: '   ' }), 400, 'validation_failed');
      const { organization: _omitted, ...missing } = valid;
      assertError(await b.post('/signup', missing), 400, 'validation_failed');
      assertError(await b.post('/signup', { ...valid, email: 'not-an-address' }), 400, 'email_invalid');
      assertError(await b.post('/signup', { ...valid, password: 'short' }), 400, 'password_too_short');
      assertError(await b.post('/signup', { ...valid, password: 'password123' }), 400, 'password_too_common');
      // PostgreSQL cannot store NUL in text; it must be a 400, never a 500.
      assertError(await b.post('/signup', { ...valid, name: 'Ann\u0000Lee' }), 400, 'validation_failed');
      assertError(
        await b.post('/login', { email: 'ann\u0000@example.com', password: PASSWORD }),
        400,
        'validation_failed',
      );
      assert.equal(b.cookies.size, 0, 'no session for a refused sign-up');
    });

    it('signs in, answers /me, and signs out', async () => {
      const { email, customer } = await signUpCustomer(test);
      const browser = new ApiClient(test.app);
      assertError(await browser.get('/me'), 401, 'unauthenticated');
      const login = await browser.post('/login', { email: ` ${email.toUpperCase()}`, password: PASSWORD });
      assert.equal(login.statusCode, 200, login.body);
      assert.equal(login.json().user.email, email);
      assert.deepEqual(login.json().customer, { id: customer.id, name: 'Acme', role: 'owner' });

      const me = (await browser.get('/me')).json();
      assert.deepEqual(Object.keys(me.user).sort(), [
        'email',
        'emailVerified',
        'id',
        'kind',
        'name',
        'staffRole',
        'twoFactorEnabled',
      ]);
      assert.equal(me.user.staffRole, null);
      assert.equal(me.csrfToken, browser.cookies.get('imhost_csrf'));

      const session = browser.cookies.get('imhost_session');
      const logout = await browser.request('POST', '/logout');
      assert.equal(logout.statusCode, 204);
      assert.equal(browser.cookies.size, 0, 'cookies cleared');
      // The old cookie no longer opens a session, even if a client kept it.
      const stale = new ApiClient(test.app);
      stale.cookies.set('imhost_session', session!);
      assertError(await stale.get('/me'), 401, 'unauthenticated');
    });

    it('refuses wrong credentials the same way for known and unknown emails', async () => {
      const { email } = await signUpCustomer(test);
      assertError(
        await new ApiClient(test.app).post(
          '/login',
          { email, password: 'wrong password' },
          { ip: '198.51.100.1' },
        ),
        401,
        'invalid_credentials',
      );
      assertError(
        await new ApiClient(test.app).post(
          '/login',
          { email: uniqueEmail('nobody'), password: PASSWORD },
          { ip: '198.51.100.1' },
        ),
        401,
        'invalid_credentials',
      );
    });

    it('expires sessions after the configured lifetime', async () => {
      const browser = await signUpCustomer(test);
      assert.equal((await browser.get('/me')).statusCode, 200);
      test.clock.advance(test.config.sessionTtlHours * 3600_000 + 1000);
      assertError(await browser.get('/me'), 401, 'unauthenticated');
    });

    it('changes the profile name, with CSRF', async () => {
      const browser = await signUpCustomer(test);
      assertError(await browser.patch('/me', { name: 'Ann B. Lee' }, { csrf: false }), 403, 'csrf_failed');
      assertError(
        await browser.patch('/me', { name: 'X' }, { headers: { 'x-csrf-token': 'forged' }, csrf: false }),
        403,
        'csrf_failed',
      );
      const response = await browser.patch('/me', { name: 'Ann B. Lee' });
      assert.equal(response.statusCode, 200, response.body);
      assert.equal(response.json().user.name, 'Ann B. Lee');
      assertError(await browser.patch('/me', { email: 'x@example.com' }), 400, 'validation_failed');
      assertError(await new ApiClient(test.app).patch('/me', { name: 'Nobody' }), 401, 'unauthenticated');
    });

    it('publishes every accounts route in the OpenAPI document', async () => {
      const response = await test.app.inject({ method: 'GET', url: '/api/v1/openapi.json' });
      const doc = response.json() as {
        paths: Record<string, Record<string, { tags?: string[]; summary?: string }>>;
      };
      for (const [path, method] of [
        ['/api/v1/signup', 'post'],
        ['/api/v1/verify-email', 'post'],
        ['/api/v1/login', 'post'],
        ['/api/v1/logout', 'post'],
        ['/api/v1/me', 'get'],
        ['/api/v1/me', 'patch'],
        ['/api/v1/me/password', 'post'],
        ['/api/v1/password-reset', 'post'],
        ['/api/v1/password-reset/confirm', 'post'],
        ['/api/v1/tokens', 'post'],
        ['/api/v1/tokens', 'get'],
        ['/api/v1/tokens/{id}', 'delete'],
        ['/api/v1/me/verification-email', 'post'],
        ['/api/v1/me/2fa/setup', 'post'],
        ['/api/v1/me/2fa/enable', 'post'],
        ['/api/v1/me/2fa/disable', 'post'],
        ['/api/v1/admin/customers', 'get'],
        ['/api/v1/admin/staff', 'get'],
        ['/api/v1/setup', 'get'],
        ['/api/v1/setup', 'post'],
      ] as const) {
        const operation = doc.paths[path]?.[method];
        assert.ok(operation, `${method.toUpperCase()} ${path} documented`);
        assert.deepEqual(operation.tags, ['accounts']);
        assert.ok(operation.summary);
      }
    });
  });
}

for (const dialect of testDialects()) {
  describe(`accounts: cookies under an https public URL on ${dialect}`, () => {
    let test: TestApp;
    before(async () => {
      test = await startTestApp(dialect, { IMHOST_PUBLIC_URL: 'https://im.example.com' });
    });
    after(async () => {
      await test.close();
    });

    it('marks both cookies Secure and links to the https dashboard', async () => {
      const browser = await signUpCustomer(test);
      const { email } = browser;
      const response = await browser.post('/login', { email, password: PASSWORD });
      for (const name of ['imhost_session', 'imhost_csrf']) {
        assert.equal(response.cookies.find((c) => c.name === name)?.secure, true, name);
      }
      const { items } = await test.ctx.platform.mailer.list({ limit: 10 });
      assert.ok(
        items.some(
          (m) =>
            m.recipients.includes(email) && m.text.includes('https://im.example.com/verify-email?token='),
        ),
      );
    });
  });
}
