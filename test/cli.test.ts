import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { startTestApp, type TestApp } from './support/app.js';
import { runImhost, type CliResult } from './support/cli.js';
import { testDialects } from './support/databases.js';

/** Runs the real CLI in its own process against the test's database, as an operator would. */
function runCli(t: TestApp, args: string[], stdin?: string): Promise<CliResult> {
  return runImhost({ IMHOST_DATA_DIR: t.database.dataDir, IMHOST_DATABASE_URL: t.database.url }, args, stdin);
}

for (const dialect of testDialects()) {
  describe(`imhost CLI on ${dialect}`, () => {
    let t: TestApp;
    before(async () => {
      t = await startTestApp(dialect);
      await t.app.ready();
    });
    after(async () => t.close());

    it('adds staff, who can then sign in to the running server', async () => {
      const result = await runCli(t, [
        'staff',
        'add',
        'ops@example.test',
        '--password',
        'a strong staff pass',
        '--role',
        'support',
      ]);
      assert.equal(result.code, 0, result.stderr);
      assert.equal(result.json.ok, true);
      const login = await t.app.inject({
        method: 'POST',
        url: '/api/v1/login',
        payload: { email: 'ops@example.test', password: 'a strong staff pass' },
      });
      assert.equal(login.statusCode, 200, login.body);
      assert.equal(login.json().user.staffRole, 'support');
    });

    it('refuses a duplicate staff email with the conflict exit code', async () => {
      const result = await runCli(t, [
        'staff',
        'add',
        'ops@example.test',
        '--password',
        'another strong pass',
      ]);
      assert.equal(result.code, 73);
      assert.equal(result.json.error?.code, 'email_taken');
    });

    it('creates a host and members that the running server sees at once', async () => {
      const signup = await t.app.inject({
        method: 'POST',
        url: '/api/v1/signup',
        payload: {
          email: 'owner@family.test',
          password: 'family secret 123',
          name: 'Owner',
          organization: 'The Family',
        },
      });
      assert.equal(signup.statusCode, 201, signup.body);

      const host = await runCli(t, ['host', 'add', 'chat.family.test', '--customer', 'owner@family.test']);
      assert.equal(host.code, 0, host.stderr);
      const hostId = (host.json.host as { id: string }).id;

      const member = await runCli(t, ['member', 'add', 'alice@chat.family.test']);
      assert.equal(member.code, 0, member.stderr);
      assert.equal(typeof member.json.password, 'string', 'a generated password is printed once');

      const passwd = await runCli(
        t,
        ['member', 'passwd', 'alice@chat.family.test', '--password', '-'],
        'new member secret\n',
      );
      assert.equal(passwd.code, 0, passwd.stderr);
      assert.equal(passwd.json.password, undefined, 'a password given on stdin is not echoed');

      const members = await t.ctx.tenancy.directory.getCredentials(hostId, 'alice');
      assert.ok(members, 'the server reads the member the CLI created');
      assert.equal(members.status, 'active');
    });

    it('creates a host on a plan with its subscription, or nothing when the plan cannot start', async () => {
      const signup = await t.app.inject({
        method: 'POST',
        url: '/api/v1/signup',
        payload: {
          email: 'owner@team.test',
          password: 'team secret 1234',
          name: 'Owner',
          organization: 'The Team',
        },
      });
      assert.equal(signup.statusCode, 201, signup.body);
      const customerId = signup.json().customer.id as string;

      const noCard = await runCli(t, [
        'host',
        'add',
        'chat.team.test',
        '--customer',
        'owner@team.test',
        '--plan',
        'team',
      ]);
      assert.equal(noCard.code, 73, noCard.stdout);
      assert.equal(noCard.json.error?.code, 'payment_method_required');
      assert.equal(await t.ctx.tenancy.findHostByDomain('chat.team.test'), null, 'no host is left behind');

      await t.ctx.billing.paymentMethods.add(customerId, {
        number: '4242424242424242',
        expMonth: 12,
        expYear: 2030,
        cvc: '123',
      });
      const result = await runCli(t, [
        'host',
        'add',
        'chat.team.test',
        '--customer',
        'owner@team.test',
        '--plan',
        'team',
        '--cycle',
        'annual',
        '--currency',
        'USD',
      ]);
      assert.equal(result.code, 0, result.stderr);
      const host = result.json.host as { id: string; subscription: { id: string; status: string } };
      assert.equal(host.subscription.status, 'active');
      const sub = await t.ctx.billing.subscriptions.get(customerId, host.subscription.id);
      assert.equal(sub.hostId, host.id);
      assert.equal(sub.planId, 'plan_team');
      assert.equal(sub.cycle, 'annual');
      assert.equal(sub.currency, 'USD');

      const badCycle = await runCli(t, [
        'host',
        'add',
        'x.team.test',
        '--customer',
        'owner@team.test',
        '--plan',
        'team',
        '--cycle',
        'weekly',
      ]);
      assert.equal(badCycle.code, 64);
    });

    it('reports usage errors, invalid data and unknown targets with distinct exit codes', async () => {
      assert.equal((await runCli(t, ['member', 'add', 'not-a-jid'])).code, 64);
      assert.equal((await runCli(t, ['frobnicate'])).code, 64);
      const badDomain = await runCli(t, ['host', 'add', 'not a domain', '--customer', 'owner@family.test']);
      assert.equal(badDomain.code, 65);
      assert.equal(badDomain.json.error?.code, 'domain_invalid');
      const noCustomer = await runCli(t, [
        'host',
        'add',
        'x.example.test',
        '--customer',
        'nobody@example.test',
      ]);
      assert.equal(noCustomer.code, 67);
      const noHost = await runCli(t, [
        'member',
        'add',
        'bob@unknown.example.test',
        '--password',
        'bob secret pass',
      ]);
      assert.equal(noHost.code, 67);
    });

    it('migrate reports an up-to-date database', async () => {
      const result = await runCli(t, ['migrate']);
      assert.equal(result.code, 0, result.stderr);
      assert.deepEqual(result.json.applied, []);
    });
  });
}
