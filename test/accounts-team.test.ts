import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { sha256Hex } from '../src/lib/hash.js';
import { PASSWORD, signInStaff, signUpCustomer, uniqueEmail } from './support/actors.js';
import { ApiClient } from './support/api-client.js';
import { assertError } from './support/errors.js';
import { startTestApp, type TestApp } from './support/app.js';
import { testDialects } from './support/databases.js';

type Role = 'admin' | 'billing';

for (const dialect of testDialects()) {
  describe(`accounts: customer team users on ${dialect}`, () => {
    let test: TestApp;
    before(async () => {
      test = await startTestApp(dialect);
    });
    after(async () => {
      await test.close();
    });

    /** The token of the newest invitation link mailed to this address. */
    async function invitationToken(to: string): Promise<string> {
      const { items } = await test.ctx.platform.mailer.list({ limit: 200 });
      for (const message of items) {
        if (!message.recipients.includes(to)) continue;
        const match = /http:\/\/imhost\.test\/invite\?token=([A-Za-z0-9_%-]+)/.exec(message.text);
        if (match) return decodeURIComponent(match[1]!);
      }
      throw new Error(`no invitation was mailed to ${to}`);
    }

    async function invite(owner: ApiClient, email: string, role: Role) {
      const response = await owner.post('/team/invitations', { email, role });
      assert.equal(response.statusCode, 201, response.body);
      const invitation = response.json();
      return { invitation, token: await invitationToken(invitation.email) };
    }

    /** Invites a new address and accepts as that person: returns their signed-in browser. */
    async function addTeamUser(owner: ApiClient, role: Role, email = uniqueEmail('team')) {
      const { token } = await invite(owner, email, role);
      const browser = new ApiClient(test.app);
      const accepted = await browser.post('/invitations/accept', {
        token,
        name: 'Tea Mate',
        password: PASSWORD,
      });
      assert.equal(accepted.statusCode, 200, accepted.body);
      return { browser, email, userId: accepted.json().user.id as string };
    }

    it('invites by email, and accepting creates a verified user who is signed in with the role', async () => {
      const owner = await signUpCustomer(test, { organization: 'Invite Co' });
      const { customer } = owner;
      const email = uniqueEmail('Invitee');
      const { invitation, token } = await invite(owner, email.toUpperCase(), 'admin');
      assert.equal(invitation.email, email.toLowerCase());
      assert.equal(invitation.role, 'admin');
      assert.equal(Date.parse(invitation.expiresAt) - test.clock.nowMs(), 7 * 24 * 3600 * 1000);

      const { items: mails } = await test.ctx.platform.mailer.list({ limit: 5 });
      const mail = mails.find((m) => m.recipients.includes(email.toLowerCase()))!;
      assert.equal(mail.subject, 'Join Invite Co on imhost');
      assert.match(mail.text, /as an administrator/);

      const rows = await test.database.db.selectFrom('invitations').select('token_hash').execute();
      assert.ok(
        rows.some((row) => row.token_hash === sha256Hex(token)),
        'only the hash is stored',
      );
      assert.ok(rows.every((row) => row.token_hash !== token));

      const pending = (await owner.get('/team/invitations')).json();
      assert.deepEqual(
        pending.items.map((i: { id: string }) => i.id),
        [invitation.id],
      );

      const invitee = new ApiClient(test.app);
      const lookup = await invitee.post('/invitations/lookup', { token });
      assert.equal(lookup.statusCode, 200, lookup.body);
      assert.deepEqual(lookup.json(), {
        organization: 'Invite Co',
        email: email.toLowerCase(),
        role: 'admin',
        accountExists: false,
      });

      const missing = await invitee.post('/invitations/accept', { token });
      assertError(missing, 400, 'validation_failed');
      assert.deepEqual(
        missing.json().error.details.map((d: { field: string }) => d.field),
        ['name', 'password'],
      );
      assertError(
        await invitee.post('/invitations/accept', { token, name: 'Ivy', password: 'short' }),
        400,
        'password_too_short',
      );

      test.clock.advance(1000); // user ids sort by creation time; the list is newest first
      const accepted = await invitee.post('/invitations/accept', { token, name: 'Ivy', password: PASSWORD });
      assert.equal(accepted.statusCode, 200, accepted.body);
      assert.deepEqual(accepted.json().customer, { id: customer.id, name: 'Invite Co', role: 'admin' });
      assert.equal(accepted.json().user.emailVerified, true);
      const me = (await invitee.get('/me')).json();
      assert.equal(me.customer.id, customer.id);
      assert.equal(me.user.email, email.toLowerCase());

      assertError(
        await new ApiClient(test.app).post('/invitations/accept', { token, name: 'X', password: PASSWORD }),
        410,
        'token_invalid',
      );
      assert.deepEqual((await owner.get('/team/invitations')).json().items, []);

      const team = (await owner.get('/team/members')).json();
      assert.deepEqual(
        team.items.map((m: { email: string; role: string }) => [m.email, m.role]),
        [
          [email.toLowerCase(), 'admin'],
          [(await owner.get('/me')).json().user.email, 'owner'],
        ],
      );
      // The new admin can sign in with the chosen password.
      const login = await new ApiClient(test.app).post('/login', { email, password: PASSWORD });
      assert.equal(login.statusCode, 200, login.body);
    });

    it('lets an invitation expire after 7 days, and a new invitation replaces an earlier one', async () => {
      const owner = await signUpCustomer(test);
      const email = uniqueEmail('late');
      const first = await invite(owner, email, 'billing');
      test.clock.advance(1000);
      const second = await invite(owner, email, 'admin');
      assert.notEqual(first.token, second.token);
      assertError(
        await new ApiClient(test.app).post('/invitations/lookup', { token: first.token }),
        410,
        'token_invalid',
      );
      const pending = (await owner.get('/team/invitations')).json().items;
      assert.deepEqual(
        pending.map((i: { id: string; role: string }) => [i.id, i.role]),
        [[second.invitation.id, 'admin']],
      );

      test.clock.advance(7 * 24 * 3600 * 1000);
      assertError(
        await new ApiClient(test.app).post('/invitations/lookup', { token: second.token }),
        410,
        'token_invalid',
      );
      assertError(
        await new ApiClient(test.app).post('/invitations/accept', {
          token: second.token,
          name: 'L',
          password: PASSWORD,
        }),
        410,
        'token_invalid',
      );
      assert.deepEqual((await owner.get('/team/invitations')).json().items, []);
    });

    it('revokes an invitation so its link stops working', async () => {
      const owner = await signUpCustomer(test);
      const { invitation, token } = await invite(owner, uniqueEmail('revoked'), 'billing');
      assertError(
        await owner.delete(`/team/invitations/${invitation.id}`, { csrf: false }),
        403,
        'csrf_failed',
      );
      assert.equal((await owner.delete(`/team/invitations/${invitation.id}`)).statusCode, 204);
      assertError(await owner.delete(`/team/invitations/${invitation.id}`), 404, 'invitation_not_found');
      assertError(await new ApiClient(test.app).post('/invitations/lookup', { token }), 410, 'token_invalid');
    });

    it('attaches an existing account that belongs to no customer, and refuses one that does', async () => {
      const ownerA = await signUpCustomer(test, { organization: 'First Org' });
      const ownerB = await signUpCustomer(test, { organization: 'Second Org' });
      const { customer: customerB } = ownerB;
      const { browser: wanderer, email, userId } = await addTeamUser(ownerA, 'admin');

      // Someone already on a team cannot be invited into it again.
      assertError(
        await ownerA.post('/team/invitations', { email, role: 'billing' }),
        409,
        'team_member_exists',
      );
      // An address acting for another organisation cannot accept.
      const { token: clash } = await invite(ownerB, email, 'billing');
      assertError(
        await new ApiClient(test.app).post('/invitations/accept', { token: clash }),
        409,
        'invitation_email_in_use',
      );

      assert.equal((await ownerA.delete(`/team/members/${userId}`)).statusCode, 204);
      assertError(await wanderer.get('/me'), 401, 'unauthenticated');

      const { token } = await invite(ownerB, email, 'billing');
      const joiner = new ApiClient(test.app);
      assert.equal((await joiner.post('/invitations/lookup', { token })).json().accountExists, true);
      const accepted = await joiner.post('/invitations/accept', { token });
      assert.equal(accepted.statusCode, 200, accepted.body);
      assert.equal(accepted.json().user.id, userId);
      assert.deepEqual(accepted.json().customer, { id: customerB.id, name: 'Second Org', role: 'billing' });
      assert.equal((await joiner.get('/me')).json().customer.id, customerB.id);
      // The account keeps its password.
      assert.equal(
        (await new ApiClient(test.app).post('/login', { email, password: PASSWORD })).statusCode,
        200,
      );
    });

    it('staff accounts cannot join a customer through an invitation, nor use the team API', async () => {
      const owner = await signUpCustomer(test);
      const staff = await signInStaff(test, 'support');
      const { token } = await invite(owner, staff.email, 'admin');
      assertError(
        await new ApiClient(test.app).post('/invitations/accept', { token }),
        409,
        'invitation_email_in_use',
      );
      assertError(await staff.get('/team/members'), 403, 'forbidden');
    });

    it('billing contacts read the team and hosts but change neither', async () => {
      const owner = await signUpCustomer(test);
      const host = await owner.post('/hosts', { domain: 'billing-role.example' });
      assert.equal(host.statusCode, 201, host.body);
      const hostId = host.json().id as string;
      const { browser: billing, userId } = await addTeamUser(owner, 'billing');

      assert.equal((await billing.get('/team/members')).statusCode, 200);
      assert.equal((await billing.get('/team/invitations')).statusCode, 200);
      assertError(
        await billing.post('/team/invitations', { email: uniqueEmail(), role: 'billing' }),
        403,
        'forbidden',
      );
      assertError(await billing.patch(`/team/members/${userId}`, { role: 'admin' }), 403, 'forbidden');

      assert.equal((await billing.get('/hosts')).statusCode, 200);
      assert.equal((await billing.get(`/hosts/${hostId}`)).statusCode, 200);
      assert.equal((await billing.get(`/hosts/${hostId}/members`)).statusCode, 200);
      assertError(await billing.post('/hosts', { domain: 'nope.example' }), 403, 'forbidden');
      assertError(await billing.patch(`/hosts/${hostId}`, { status: 'suspended' }), 403, 'forbidden');
      assertError(
        await billing.post(`/hosts/${hostId}/members`, { username: 'eve', password: PASSWORD }),
        403,
        'forbidden',
      );
      assertError(await billing.delete(`/hosts/${hostId}`), 403, 'forbidden');
    });

    it('only owners touch owners, and the last owner can be neither demoted nor removed', async () => {
      const owner = await signUpCustomer(test);
      const { user: ownerUser } = owner;
      const { browser: admin, userId: adminId } = await addTeamUser(owner, 'admin');
      const { userId: billingId } = await addTeamUser(owner, 'billing');

      // Admins manage non-owners …
      const promoted = await admin.patch(`/team/members/${billingId}`, { role: 'admin' });
      assert.equal(promoted.statusCode, 200, promoted.body);
      assert.equal(promoted.json().role, 'admin');
      // … but neither make owners nor change or remove them.
      assertError(await admin.patch(`/team/members/${adminId}`, { role: 'owner' }), 403, 'forbidden');
      assertError(await admin.patch(`/team/members/${ownerUser.id}`, { role: 'admin' }), 403, 'forbidden');
      assertError(await admin.delete(`/team/members/${ownerUser.id}`), 403, 'forbidden');

      assertError(await owner.patch(`/team/members/${ownerUser.id}`, { role: 'admin' }), 409, 'last_owner');
      assertError(await owner.delete(`/team/members/${ownerUser.id}`), 409, 'last_owner');
      assertError(
        await owner.patch('/team/members/usr_nobody', { role: 'admin' }),
        404,
        'team_member_not_found',
      );

      assert.equal((await owner.patch(`/team/members/${adminId}`, { role: 'owner' })).json().role, 'owner');
      // With a second owner, the first may step down; the new owner is then the last one.
      assert.equal((await owner.patch(`/team/members/${ownerUser.id}`, { role: 'admin' })).statusCode, 200);
      assertError(await admin.patch(`/team/members/${adminId}`, { role: 'billing' }), 409, 'last_owner');
      assert.equal((await admin.get('/me')).json().customer.role, 'owner');
      assert.equal((await owner.get('/me')).json().customer.role, 'admin');

      const roles = (await admin.get('/team/members'))
        .json()
        .items.map((m: { userId: string; role: string }) => [m.userId, m.role]);
      assert.deepEqual(
        new Map(roles),
        new Map([
          [ownerUser.id, 'admin'],
          [adminId, 'owner'],
          [billingId, 'admin'],
        ]),
      );
    });

    it("records team changes in the customer's audit log", async () => {
      const owner = await signUpCustomer(test);
      const { userId } = await addTeamUser(owner, 'billing');
      await owner.patch(`/team/members/${userId}`, { role: 'admin' });
      await owner.delete(`/team/members/${userId}`);
      const events = (await owner.get('/audit')).json().items as {
        action: string;
        targetId: string | null;
        details: { email?: string } | null;
      }[];
      const actions = events.map((e) => e.action);
      for (const action of ['team.invite', 'team.accept_invitation', 'team.change_role', 'team.remove'])
        assert.ok(actions.includes(action), `${action} in ${actions.join(', ')}`);
      const removal = events.find((e) => e.action === 'team.remove')!;
      assert.equal(removal.targetId, userId);
      assert.match(removal.details?.email ?? '', /^team\d+@example\.com$/);
    });

    it("keeps each customer's team to itself (404 for another customer's members and invitations)", async () => {
      const ownerA = await signUpCustomer(test, { organization: 'Tenant A' });
      const { user: ownerAUser } = ownerA;
      const ownerB = await signUpCustomer(test, { organization: 'Tenant B' });
      const { userId: memberA } = await addTeamUser(ownerA, 'admin');
      const { invitation } = await invite(ownerA, uniqueEmail('a-pending'), 'billing');

      const teamB = (await ownerB.get('/team/members')).json().items.map((m: { userId: string }) => m.userId);
      assert.ok(!teamB.includes(memberA) && !teamB.includes(ownerAUser.id));
      const invitationsB = (await ownerB.get('/team/invitations')).json().items;
      assert.deepEqual(invitationsB, []);

      assertError(
        await ownerB.patch(`/team/members/${memberA}`, { role: 'billing' }),
        404,
        'team_member_not_found',
      );
      assertError(await ownerB.delete(`/team/members/${memberA}`), 404, 'team_member_not_found');
      assertError(await ownerB.delete(`/team/members/${ownerAUser.id}`), 404, 'team_member_not_found');
      assertError(await ownerB.delete(`/team/invitations/${invitation.id}`), 404, 'invitation_not_found');

      // Untouched on A's side.
      assert.equal((await ownerA.get('/team/members')).json().items.length, 2);
      assert.deepEqual(
        (await ownerA.get('/team/invitations')).json().items.map((i: { id: string }) => i.id),
        [invitation.id],
      );
    });

    it('refuses bad input with 400', async () => {
      const owner = await signUpCustomer(test);
      assertError(
        await owner.post('/team/invitations', { email: 'x@example.com', role: 'owner' }),
        400,
        'validation_failed',
      );
      assertError(
        await owner.post('/team/invitations', { email: 'not an email', role: 'admin' }),
        400,
        'email_invalid',
      );
      assertError(
        await owner.post('/team/invitations', { email: 'x@example.com', role: 'admin', extra: 1 }),
        400,
        'validation_failed',
      );
      assertError(
        await new ApiClient(test.app).post('/invitations/accept', { token: 'nope' }),
        410,
        'token_invalid',
      );
      assertError(await new ApiClient(test.app).get('/team/members'), 401, 'unauthenticated');
    });
  });
}
