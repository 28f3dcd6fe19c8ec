import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import fc from 'fast-check';
import { startTestApp, type TestApp } from './support/app.js';
import { testDialects } from './support/databases.js';
import { type Actor, signUpCustomer } from './support/actors.js';
import { call } from './support/api-client.js';

/** Any text a client can send, including NUL, lone surrogates and URL syntax. */
const anyText = fc.oneof(fc.string({ unit: 'binary', maxLength: 80 }), fc.string({ maxLength: 80 }));

for (const dialect of testDialects()) {
  describe(`tenancy API under arbitrary input on ${dialect}`, () => {
    let t: TestApp;
    let caller: Actor;
    let hostId: string;

    before(async () => {
      t = await startTestApp(dialect);
      caller = await signUpCustomer(t, { organization: 'Fuzz' });
      hostId = (await call(t, caller, 'POST', '/hosts', { domain: 'chat.fuzz.test' })).json().id;
    });
    after(() => t.close());

    it('never answers 5xx, whatever the domain, username, display name or path', async () => {
      await fc.assert(
        fc.asyncProperty(anyText, anyText, anyText, async (domain, username, displayName) => {
          const path = encodeURIComponent(username);
          const responses = await Promise.all([
            call(t, caller, 'POST', '/hosts', { domain }),
            call(t, caller, 'POST', `/hosts/${hostId}/members`, {
              username,
              password: 'fuzzing passphrase',
              displayName,
            }),
            call(t, caller, 'PATCH', `/hosts/${hostId}/members/${path}`, { displayName }),
            call(t, caller, 'GET', `/hosts/${path}`),
            call(t, caller, 'GET', `/hosts?before=${path}`),
          ]);
          for (const response of responses)
            assert.ok(response.statusCode < 500, `${response.statusCode} ${response.body}`);
        }),
        { numRuns: 60 },
      );
    });
  });
}
