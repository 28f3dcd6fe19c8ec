import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { deriveScramKeys } from '../src/lib/scram.js';
import { startTestApp, type TestApp } from './support/app.js';
import { testDialects } from './support/databases.js';
import { type Actor, signInStaff, signUpCustomer } from './support/actors.js';
import { call } from './support/api-client.js';
import { errorCode } from './support/errors.js';
import { nextEvent } from './support/tenancy-events.js';

const PASSWORD = 'correct horse battery';

for (const dialect of testDialects()) {
  describe(`members API on ${dialect}`, () => {
    let t: TestApp;
    let acme: Actor;
    let hostId: string;
    const members = (suffix = '') => `/hosts/${hostId}/members${suffix}`;

    before(async () => {
      t = await startTestApp(dialect);
      acme = await signUpCustomer(t, { organization: 'Acme' });
      hostId = (await call(t, acme, 'POST', '/hosts', { domain: 'chat.acme.test' })).json().id;
    });
    after(() => t.close());

    it('adds a member under its PRECIS-normalised name', async () => {
      const created = nextEvent(t, 'member.created');
      const response = await call(t, acme, 'POST', members(), {
        username: 'Ａlice',
        password: PASSWORD,
        displayName: ' Alice L. ',
      });
      assert.equal(response.statusCode, 201);
      const member = response.json();
      assert.equal(member.username, 'alice');
      assert.equal(member.jid, 'alice@chat.acme.test');
      assert.equal(member.displayName, 'Alice L.');
      assert.equal(member.status, 'active');
      assert.equal(member.lastLoginAt, null);
      assert.deepEqual(await created, { hostId, domain: 'chat.acme.test', username: 'alice' });
    });

    it('stores only SCRAM keys that verify the password', async () => {
      const row = await t.database.db
        .selectFrom('members')
        .selectAll()
        .where('host_id', '=', hostId)
        .where('username', '=', 'alice')
        .executeTakeFirstOrThrow();
      assert.ok(!JSON.stringify(row).includes(PASSWORD));
      assert.equal(row.scram_iterations, 4096);
      const salt = Buffer.from(row.scram_salt, 'base64');
      assert.equal(
        deriveScramKeys('sha1', PASSWORD, salt, 4096).storedKey.toString('base64'),
        row.scram_sha1_stored_key,
      );
      assert.equal(
        deriveScramKeys('sha256', PASSWORD, salt, 4096).serverKey.toString('base64'),
        row.scram_sha256_server_key,
      );
    });

    it('refuses taken names, bad names, weak passwords and unknown fields', async () => {
      const cases: Array<[unknown, number, string]> = [
        [{ username: 'ALICE', password: PASSWORD }, 409, 'member_exists'],
        [{ username: 'al ice', password: PASSWORD }, 400, 'username_invalid'],
        [{ username: 'a@b', password: PASSWORD }, 400, 'username_invalid'],
        [{ username: 'bob', password: 'short' }, 400, 'password_too_short'],
        [{ username: 'bob', password: 'password1' }, 400, 'password_too_common'],
        [{ username: 'bob', password: 'bell\u0007 in the password' }, 400, 'password_invalid'],
        [{ username: 'bob', password: PASSWORD, displayName: 'bad\u0000name' }, 400, 'display_name_invalid'],
        [{ username: 'bob', password: PASSWORD, admin: true }, 400, 'validation_failed'],
        [{ username: 'bob' }, 400, 'validation_failed'],
      ];
      for (const [payload, status, code] of cases) {
        const response = await call(t, acme, 'POST', members(), payload);
        assert.equal(response.statusCode, status, JSON.stringify(payload));
        assert.equal(errorCode(response), code, JSON.stringify(payload));
      }
      assert.equal(
        (await call(t, null, 'POST', members(), { username: 'bob', password: PASSWORD })).statusCode,
        401,
      );
    });

    it('lists members newest first, page by page', async () => {
      for (const username of ['carol', 'dave'])
        await call(t, acme, 'POST', members(), { username, password: PASSWORD });
      const first = (await call(t, acme, 'GET', members('?limit=2'))).json();
      assert.deepEqual(
        first.items.map((m: { username: string }) => m.username),
        ['dave', 'carol'],
      );
      const rest = (await call(t, acme, 'GET', members(`?limit=2&before=${first.nextCursor}`))).json();
      assert.deepEqual(
        rest.items.map((m: { username: string }) => m.username),
        ['alice'],
      );
      assert.equal(rest.nextCursor, null);
      assert.equal((await call(t, null, 'GET', members())).statusCode, 401);
    });

    it('renames and disables a member found by any spelling of its name, announcing the disable', async () => {
      const renamed = await call(t, acme, 'PATCH', members('/CAROL'), { displayName: 'Carol C.' });
      assert.equal(renamed.statusCode, 200);
      assert.equal(renamed.json().displayName, 'Carol C.');
      const disabled = nextEvent(t, 'member.disabled');
      const response = await call(t, acme, 'PATCH', members('/carol'), {
        status: 'disabled',
        displayName: null,
      });
      assert.equal(response.json().status, 'disabled');
      assert.equal(response.json().displayName, null);
      assert.deepEqual(await disabled, { hostId, domain: 'chat.acme.test', username: 'carol' });
      assert.equal(
        (await call(t, acme, 'PATCH', members('/carol'), { status: 'active' })).json().status,
        'active',
      );

      assert.equal(errorCode(await call(t, acme, 'PATCH', members('/carol'), {})), 'validation_failed');
      assert.equal(
        errorCode(await call(t, acme, 'PATCH', members('/carol'), { status: 'banned' })),
        'validation_failed',
      );
      assert.equal(
        errorCode(await call(t, acme, 'PATCH', members('/nobody'), { status: 'disabled' })),
        'member_not_found',
      );
      assert.equal(
        errorCode(await call(t, acme, 'PATCH', members('/a%20b'), { status: 'disabled' })),
        'member_not_found',
      );
    });

    it('sets a password, replacing the keys and announcing it', async () => {
      const before = await t.ctx.tenancy.directory.getCredentials(hostId, 'dave');
      const changed = nextEvent(t, 'member.password_changed');
      const response = await call(t, acme, 'POST', members('/Dave/password'), {
        password: 'a brand new passphrase',
      });
      assert.equal(response.statusCode, 204);
      assert.deepEqual(await changed, { hostId, domain: 'chat.acme.test', username: 'dave' });
      const after = await t.ctx.tenancy.directory.getCredentials(hostId, 'dave');
      assert.notDeepEqual(after?.salt, before?.salt);
      assert.deepEqual(
        after?.sha256.storedKey,
        deriveScramKeys('sha256', 'a brand new passphrase', after!.salt, after!.iterations).storedKey,
      );
      assert.equal(
        errorCode(await call(t, acme, 'POST', members('/dave/password'), { password: 'short' })),
        'password_too_short',
      );
      assert.equal(
        errorCode(await call(t, acme, 'POST', members('/nobody/password'), { password: PASSWORD })),
        'member_not_found',
      );
      assert.equal(
        errorCode(await call(t, acme, 'POST', members('/dave/password'), { pw: PASSWORD })),
        'validation_failed',
      );
    });

    it('deletes a member and announces it', async () => {
      const deleted = nextEvent(t, 'member.deleted');
      assert.equal((await call(t, acme, 'DELETE', members('/dave'))).statusCode, 204);
      assert.deepEqual(await deleted, { hostId, domain: 'chat.acme.test', username: 'dave' });
      assert.equal(errorCode(await call(t, acme, 'DELETE', members('/dave'))), 'member_not_found');
      assert.equal(await t.ctx.tenancy.directory.memberExists(hostId, 'dave'), false);
    });

    it('lets support staff manage members, but not billing staff', async () => {
      const support = await signInStaff(t, 'support');
      const billing = await signInStaff(t, 'billing');
      assert.equal((await call(t, billing, 'GET', members())).statusCode, 200);
      assert.equal(
        (await call(t, billing, 'POST', members(), { username: 'erin', password: PASSWORD })).statusCode,
        403,
      );
      assert.equal(
        (await call(t, support, 'POST', members(), { username: 'erin', password: PASSWORD })).statusCode,
        201,
      );
      const audit = await t.database.db
        .selectFrom('audit_events')
        .selectAll()
        .where('action', '=', 'member.create')
        .where('actor_type', '=', 'staff')
        .executeTakeFirst();
      assert.equal(audit?.customer_id, acme.customerId);
      assert.equal(audit?.target_type, 'member');
    });

    it('freezes the members of a terminated host, except removal', async () => {
      const admin = await signInStaff(t, 'admin');
      const host = (await call(t, acme, 'POST', '/hosts', { domain: 'closed.acme.test' })).json();
      const path = `/hosts/${host.id}/members`;
      await call(t, acme, 'POST', path, { username: 'frank', password: PASSWORD });
      await call(t, admin, 'PATCH', `/hosts/${host.id}`, { status: 'terminated' });
      assert.equal(
        errorCode(await call(t, acme, 'POST', path, { username: 'gina', password: PASSWORD })),
        'host_terminated',
      );
      assert.equal(
        errorCode(await call(t, acme, 'PATCH', `${path}/frank`, { status: 'disabled' })),
        'host_terminated',
      );
      assert.equal(
        errorCode(await call(t, acme, 'POST', `${path}/frank/password`, { password: PASSWORD })),
        'host_terminated',
      );
      assert.equal((await call(t, acme, 'DELETE', `${path}/frank`)).statusCode, 204);
    });
  });
}
