import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { isAppError } from '../src/lib/errors.js';
import {
  deriveScramKeys,
  h,
  hmac,
  keysFromSaltedPassword,
  saltedPassword,
  xorBuffers,
} from '../src/lib/scram.js';
import { startTestApp, type TestApp } from './support/app.js';
import { testDialects } from './support/databases.js';
import { type Actor, signInStaff, signUpCustomer } from './support/actors.js';
import { call } from './support/api-client.js';
import { nextEvent } from './support/tenancy-events.js';

const PASSWORD = 'correct horse battery';

for (const dialect of testDialects()) {
  describe(`tenancy directory (the XMPP view) and CLI helpers on ${dialect}`, () => {
    let t: TestApp;
    let customer: Actor;
    let hostId: string;

    before(async () => {
      t = await startTestApp(dialect);
      customer = await signUpCustomer(t, { organization: 'Initech' });
      const host = await t.ctx.tenancy.createHost({
        customerId: customer.customerId!,
        domain: 'Bücher.Example',
      });
      hostId = host.id;
      const member = await t.ctx.tenancy.addMember({
        domain: 'xn--bcher-kva.example',
        username: 'Alice',
        password: PASSWORD,
      });
      assert.equal(member.jid, 'alice@xn--bcher-kva.example');
    });
    after(() => t.close());

    it('finds a host by any spelling of its domain', async () => {
      const expected = {
        id: hostId,
        domain: 'xn--bcher-kva.example',
        status: 'active',
        statusReason: null,
        customerId: customer.customerId,
      };
      const { directory } = t.ctx.tenancy;
      assert.deepEqual(await directory.findHostByDomain('xn--bcher-kva.example'), expected);
      assert.deepEqual(await directory.findHostByDomain('BÜCHER.example.'), expected);
      assert.deepEqual(await t.ctx.tenancy.findHostByDomain('bücher.example'), expected);
      assert.equal(await directory.findHostByDomain('unknown.example'), null);
      assert.equal(await directory.findHostByDomain('not a domain'), null);
      assert.deepEqual(await directory.listDomains(), ['xn--bcher-kva.example']);
    });

    it('hands out SCRAM credentials that verify a client proof, for SHA-1 and SHA-256', async () => {
      const credentials = await t.ctx.tenancy.directory.getCredentials(hostId, 'ALICE');
      assert.ok(credentials);
      assert.equal(credentials.status, 'active');
      assert.match(credentials.memberId, /^mem_/);
      assert.equal(credentials.iterations, 4096);
      for (const hash of ['sha1', 'sha256'] as const) {
        // What a client derives from the password, checked the way the SASL mechanism will check it.
        const client = keysFromSaltedPassword(
          hash,
          saltedPassword(hash, PASSWORD, credentials.salt, credentials.iterations),
        );
        const authMessage = 'n=alice,r=abc,r=abcdef,s=c2FsdA==,i=4096,c=biws,r=abcdef';
        const proof = xorBuffers(client.clientKey, hmac(hash, client.storedKey, authMessage));
        const recoveredClientKey = xorBuffers(proof, hmac(hash, credentials[hash].storedKey, authMessage));
        assert.deepEqual(h(hash, recoveredClientKey), credentials[hash].storedKey);
        assert.deepEqual(client.serverKey, credentials[hash].serverKey);
      }
      assert.equal(await t.ctx.tenancy.directory.getCredentials(hostId, 'nobody'), null);
      assert.equal(await t.ctx.tenancy.directory.getCredentials(hostId, 'bad@name'), null);
      assert.equal(await t.ctx.tenancy.directory.getCredentials('host_other', 'alice'), null);
    });

    it('records logins and activity at the clock’s time, shown in the members list', async () => {
      t.clock.advance(60_000);
      await t.ctx.tenancy.directory.recordLogin(hostId, 'alice');
      const loginAt = t.clock.now().toISOString();
      t.clock.advance(5_000);
      await t.ctx.tenancy.directory.recordActivity(hostId, 'Alice');
      const list = (await call(t, customer, 'GET', `/hosts/${hostId}/members`)).json();
      assert.equal(list.items[0].lastLoginAt, loginAt);
      assert.equal(list.items[0].lastActivityAt, t.clock.now().toISOString());
    });

    it('changes a password for XEP-0077 with the same policy and event as the API', async () => {
      const { directory } = t.ctx.tenancy;
      const changed = nextEvent(t, 'member.password_changed');
      await directory.changePassword(hostId, 'alice', 'another fine passphrase');
      assert.deepEqual(await changed, { hostId, domain: 'xn--bcher-kva.example', username: 'alice' });
      const credentials = await directory.getCredentials(hostId, 'alice');
      assert.deepEqual(
        credentials?.sha1.storedKey,
        deriveScramKeys('sha1', 'another fine passphrase', credentials!.salt, credentials!.iterations)
          .storedKey,
      );
      await assert.rejects(
        directory.changePassword(hostId, 'alice', 'short'),
        (e) => isAppError(e) && e.code === 'password_too_short',
      );
      await assert.rejects(
        directory.changePassword(hostId, 'ghost', PASSWORD),
        (e) => isAppError(e) && e.code === 'member_not_found',
      );
    });

    it('sets passwords and refuses unknown domains through the CLI helpers', async () => {
      await t.ctx.tenancy.setMemberPassword({
        domain: 'bücher.example',
        username: 'alice',
        password: 'set from the cli',
      });
      const credentials = await t.ctx.tenancy.directory.getCredentials(hostId, 'alice');
      assert.deepEqual(
        credentials?.sha256.storedKey,
        deriveScramKeys('sha256', 'set from the cli', credentials!.salt, credentials!.iterations).storedKey,
      );
      await assert.rejects(
        t.ctx.tenancy.addMember({ domain: 'nowhere.example', username: 'bob', password: PASSWORD }),
        (e) => isAppError(e) && e.code === 'host_not_found',
      );
      await assert.rejects(
        t.ctx.tenancy.createHost({ customerId: customer.customerId!, domain: 'XN--BCHER-KVA.example' }),
        (e) => isAppError(e) && e.code === 'domain_taken',
      );
    });

    it('shows a disabled member and a suspended host to the XMPP server, with events to close sessions', async () => {
      const { directory } = t.ctx.tenancy;
      const disabled = nextEvent(t, 'member.disabled');
      await call(t, customer, 'PATCH', `/hosts/${hostId}/members/alice`, { status: 'disabled' });
      assert.equal((await disabled).username, 'alice');
      assert.equal((await directory.getCredentials(hostId, 'alice'))?.status, 'disabled');

      const admin = await signInStaff(t);
      const suspended = nextEvent(t, 'host.status_changed');
      await call(t, admin, 'PATCH', `/hosts/${hostId}`, { status: 'suspended', reason: 'abuse' });
      assert.deepEqual(await suspended, {
        hostId,
        domain: 'xn--bcher-kva.example',
        status: 'suspended',
        statusReason: 'abuse',
      });
      const host = await directory.findHostByDomain('xn--bcher-kva.example');
      assert.deepEqual([host?.status, host?.statusReason], ['suspended', 'abuse']);

      const deleted = nextEvent(t, 'host.deleted');
      await call(t, admin, 'DELETE', `/hosts/${hostId}`);
      assert.deepEqual(await deleted, { hostId, domain: 'xn--bcher-kva.example' });
      assert.equal(await directory.findHostByDomain('xn--bcher-kva.example'), null);
      assert.equal(await directory.getCredentials(hostId, 'alice'), null);
      assert.deepEqual(await directory.listDomains(), []);
    });
  });
}
