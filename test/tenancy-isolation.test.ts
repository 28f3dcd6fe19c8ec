import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { startTestApp, type TestApp } from './support/app.js';
import { testDialects } from './support/databases.js';
import { type Actor, signUpCustomer } from './support/actors.js';
import { call } from './support/api-client.js';
import { errorCode } from './support/errors.js';
import { recordEvents } from './support/tenancy-events.js';

const PASSWORD = 'correct horse battery';

for (const dialect of testDialects()) {
  describe(`tenancy cross-tenant isolation on ${dialect}`, () => {
    let t: TestApp;
    let a: Actor;
    let b: Actor;
    let hostId: string;

    before(async () => {
      t = await startTestApp(dialect);
      a = await signUpCustomer(t, { organization: 'Alpha' });
      b = await signUpCustomer(t, { organization: 'Beta' });
      hostId = (await call(t, a, 'POST', '/hosts', { domain: 'chat.alpha.test' })).json().id;
      assert.equal(
        (await call(t, a, 'POST', `/hosts/${hostId}/members`, { username: 'alice', password: PASSWORD }))
          .statusCode,
        201,
      );
      await call(t, b, 'POST', '/hosts', { domain: 'chat.beta.test' });
    });
    after(() => t.close());

    it("answers 404 host_not_found to every call on another customer's host, exactly as for a missing one", async () => {
      const seen = recordEvents(t, [
        'host.status_changed',
        'host.deleted',
        'member.created',
        'member.disabled',
        'member.deleted',
        'member.password_changed',
      ]);
      const attempts: Array<[string, string, unknown?]> = [
        ['GET', `/hosts/${hostId}`],
        ['PATCH', `/hosts/${hostId}`, { status: 'suspended' }],
        ['DELETE', `/hosts/${hostId}`],
        ['GET', `/hosts/${hostId}/members`],
        ['POST', `/hosts/${hostId}/members`, { username: 'mallory', password: PASSWORD }],
        ['PATCH', `/hosts/${hostId}/members/alice`, { status: 'disabled' }],
        ['DELETE', `/hosts/${hostId}/members/alice`],
        ['POST', `/hosts/${hostId}/members/alice/password`, { password: 'taken over by beta' }],
      ];
      for (const [method, url, payload] of attempts) {
        const foreign = await call(t, b, method as 'GET', url, payload);
        const missing = await call(
          t,
          b,
          method as 'GET',
          url.replace(hostId, 'host_00000000000000000000000000'),
          payload,
        );
        assert.equal(foreign.statusCode, 404, `${method} ${url}`);
        assert.equal(errorCode(foreign), 'host_not_found', `${method} ${url}`);
        assert.deepEqual(foreign.json(), missing.json(), `${method} ${url} reveals nothing`);
      }
      assert.deepEqual(seen, [], 'nothing happened');
    });

    it("leaves the other customer's host and members untouched", async () => {
      const host = (await call(t, a, 'GET', `/hosts/${hostId}`)).json();
      assert.equal(host.status, 'active');
      const listed = (await call(t, a, 'GET', `/hosts/${hostId}/members`)).json();
      assert.deepEqual(
        listed.items.map((m: { username: string; status: string }) => [m.username, m.status]),
        [['alice', 'active']],
      );
      const credentials = await t.ctx.tenancy.directory.getCredentials(hostId, 'alice');
      const mallory = await t.ctx.tenancy.directory.memberExists(hostId, 'mallory');
      assert.ok(credentials);
      assert.equal(mallory, false);
    });

    it("never lists another customer's hosts", async () => {
      const domains = (customer: Actor) =>
        call(t, customer, 'GET', '/hosts').then((r) =>
          r.json().items.map((h: { domain: string }) => h.domain),
        );
      assert.deepEqual(await domains(a), ['chat.alpha.test']);
      assert.deepEqual(await domains(b), ['chat.beta.test']);
    });
  });
}
