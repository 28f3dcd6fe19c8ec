import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import fc from 'fast-check';
import { errorRegistry } from '../src/lib/errors.js';
import { signUpCustomer } from './support/actors.js';
import { ApiClient } from './support/api-client.js';
import { startTestApp, type TestApp } from './support/app.js';
import { testDialects } from './support/databases.js';

/** Plausible field values mixed with wrong types, so both the schema and the services get exercised. */
const fieldValue = fc.oneof(
  fc.string({ maxLength: 40 }),
  fc.string({ unit: 'binary', maxLength: 20 }),
  fc.emailAddress(),
  fc.stringMatching(/^[0-9]{6}$/),
  fc.string({ minLength: 8, maxLength: 30 }),
  fc.integer(),
  fc.boolean(),
  fc.constant(null),
  fc.array(fc.string(), { maxLength: 2 }),
);

const fields = [
  'email',
  'password',
  'name',
  'organization',
  'token',
  'totp',
  'code',
  'currentPassword',
  'newPassword',
  'role',
];

const bodies = fc.oneof(
  fc.dictionary(fc.constantFrom(...fields), fieldValue, { maxKeys: 5 }),
  fc.jsonValue({ maxDepth: 2 }),
);

const routes: { method: 'POST' | 'PATCH'; url: string; signedIn: boolean }[] = [
  { method: 'POST', url: '/signup', signedIn: false },
  { method: 'POST', url: '/login', signedIn: false },
  { method: 'POST', url: '/verify-email', signedIn: false },
  { method: 'POST', url: '/password-reset', signedIn: false },
  { method: 'POST', url: '/password-reset/confirm', signedIn: false },
  { method: 'POST', url: '/setup', signedIn: false },
  { method: 'PATCH', url: '/me', signedIn: true },
  { method: 'POST', url: '/me/password', signedIn: true },
  { method: 'POST', url: '/tokens', signedIn: true },
  { method: 'POST', url: '/me/2fa/enable', signedIn: true },
  { method: 'POST', url: '/me/2fa/disable', signedIn: true },
  { method: 'POST', url: '/invitations/lookup', signedIn: false },
  { method: 'POST', url: '/invitations/accept', signedIn: false },
  { method: 'POST', url: '/team/invitations', signedIn: true },
  { method: 'PATCH', url: '/team/members/usr_nobody', signedIn: true },
];

for (const dialect of testDialects()) {
  describe(`accounts: no input causes a server error on ${dialect}`, () => {
    let test: TestApp;
    let signedIn: ApiClient;
    before(async () => {
      test = await startTestApp(dialect);
      signedIn = await signUpCustomer(test);
    });
    after(async () => {
      await test.close();
    });

    for (const route of routes) {
      it(`${route.method} ${route.url} answers every body with a success or a registered 4xx code`, async () => {
        await fc.assert(
          fc.asyncProperty(bodies, async (payload) => {
            const browser = route.signedIn ? signedIn : new ApiClient(test.app);
            const response = await browser.request(route.method, route.url, payload);
            assert.ok(response.statusCode < 500, `${response.statusCode} ${response.body}`);
            if (response.statusCode >= 400) {
              const code = (response.json() as { error: { code: string } }).error.code;
              assert.ok(code in errorRegistry, code);
            }
          }),
          { numRuns: 30 },
        );
      });
    }
  });
}
