import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { after, before, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { startTestApp, type TestApp } from './support/app.js';
import { testDialects } from './support/databases.js';
import { type Actor, signUpCustomer } from './support/actors.js';
import { call } from './support/api-client.js';
import { addCardThroughApi } from './support/billing-fixtures.js';
import { errorCode } from './support/errors.js';

const cliEntry = fileURLToPath(new URL('../src/bin/imhost.ts', import.meta.url));
const PASSWORD = 'a member passphrase';

/** `imhost member add` in its own process against the test's database; resolves with exit code and JSON. */
function cliAddMember(
  t: TestApp,
  jid: string,
): Promise<{ code: number; json: { error?: { code: string } } }> {
  return new Promise((resolve, reject) => {
    const child = spawn(
      process.execPath,
      ['--import', 'tsx', cliEntry, 'member', 'add', jid, '--password', PASSWORD, '--json'],
      {
        env: {
          ...process.env,
          IMHOST_DATA_DIR: t.database.dataDir,
          IMHOST_DATABASE_URL: t.database.url,
          IMHOST_LOG_LEVEL: 'silent',
        },
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    let stdout = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.on('error', reject);
    child.on('close', (code) => {
      try {
        resolve({ code: code ?? -1, json: JSON.parse(stdout.trim().split('\n').pop() ?? '') });
      } catch (error) {
        reject(error as Error);
      }
    });
  });
}

for (const dialect of testDialects()) {
  describe(`plan entitlements (${dialect})`, () => {
    let t: TestApp;
    before(async () => {
      t = await startTestApp(dialect);
      await t.app.ready();
    });
    after(async () => t.close());

    async function addMember(caller: Actor, hostId: string, username: string) {
      return call(t, caller, 'POST', `/hosts/${hostId}/members`, { username, password: PASSWORD });
    }

    async function detail(caller: Actor, hostId: string) {
      const response = await call(t, caller, 'GET', `/hosts/${hostId}`);
      assert.equal(response.statusCode, 200, response.body);
      return response.json();
    }

    it('stops members at maxMembers + 1 (API and CLI) and lifts the limit on upgrade', async () => {
      const owner = await signUpCustomer(t, { organization: 'Limits' });
      const created = await call(t, owner, 'POST', '/hosts', {
        domain: 'limits.example',
        planId: 'plan_starter',
      });
      assert.equal(created.statusCode, 201, created.body);
      const { id: hostId, subscription } = created.json();
      assert.equal((await detail(owner, hostId)).entitlements.maxMembers, 10);
      for (let i = 1; i <= 10; i++) {
        const added = await addMember(owner, hostId, `user${i}`);
        assert.equal(added.statusCode, 201, added.body);
      }
      const refused = await addMember(owner, hostId, 'user11');
      assert.equal(refused.statusCode, 409, refused.body);
      assert.equal(errorCode(refused), 'member_limit_reached');
      const byCli = await cliAddMember(t, 'user11@limits.example');
      assert.equal(byCli.code, 73);
      assert.equal(byCli.json.error?.code, 'member_limit_reached');
      assert.equal((await detail(owner, hostId)).memberCount, 10);

      const upgrade = await call(t, owner, 'POST', `/subscriptions/${subscription.id}/change-plan`, {
        planId: 'plan_team',
      });
      assert.equal(upgrade.statusCode, 200, upgrade.body);
      assert.equal(upgrade.json().effective, 'now');
      assert.equal((await detail(owner, hostId)).entitlements.maxMembers, 100);
      assert.equal((await addMember(owner, hostId, 'user11')).statusCode, 201);
      assert.equal((await cliAddMember(t, 'user12@limits.example')).code, 0);
      assert.equal((await detail(owner, hostId)).memberCount, 12);
    });

    it('admits exactly one of several concurrent additions for the last free place', async () => {
      const owner = await signUpCustomer(t, { organization: 'Race' });
      const created = await call(t, owner, 'POST', '/hosts', {
        domain: 'race.example',
        planId: 'plan_starter',
      });
      const hostId = created.json().id;
      for (let i = 1; i <= 9; i++) assert.equal((await addMember(owner, hostId, `user${i}`)).statusCode, 201);
      const racers = await Promise.all(
        ['a', 'b', 'c', 'd', 'e'].map((name) => addMember(owner, hostId, `racer-${name}`)),
      );
      const codes = racers.map((response) => response.statusCode).sort();
      assert.deepEqual(codes, [201, 409, 409, 409, 409], racers.map((r) => r.body).join('\n'));
      assert.equal((await detail(owner, hostId)).memberCount, 10);
    });

    it('leaves a host without a plan unlimited', async () => {
      const owner = await signUpCustomer(t, { organization: 'Free' });
      const created = await call(t, owner, 'POST', '/hosts', { domain: 'free.example' });
      assert.equal(created.statusCode, 201, created.body);
      const hostId = created.json().id;
      assert.equal(created.json().subscription, undefined);
      for (let i = 1; i <= 11; i++)
        assert.equal((await addMember(owner, hostId, `user${i}`)).statusCode, 201);
      const shown = await detail(owner, hostId);
      assert.equal(shown.entitlements, null);
      assert.equal(shown.memberCount, 11);
    });

    it('clears the entitlements when the subscription is cancelled at once', async () => {
      const owner = await signUpCustomer(t, { organization: 'Quit' });
      const created = await call(t, owner, 'POST', '/hosts', {
        domain: 'quit.example',
        planId: 'plan_starter',
      });
      const { id: hostId, subscription } = created.json();
      const cancel = await call(t, owner, 'POST', `/subscriptions/${subscription.id}/cancel`, {
        atPeriodEnd: false,
      });
      assert.equal(cancel.statusCode, 200, cancel.body);
      const shown = await detail(owner, hostId);
      assert.equal(shown.entitlements, null);
      assert.equal(shown.status, 'terminated');
    });

    it("applies a downgrade's limits only when it takes effect", async () => {
      const owner = await signUpCustomer(t, { organization: 'Down' });
      const card = await addCardThroughApi(t, owner);
      assert.equal(card.statusCode, 201, card.body);
      const created = await call(t, owner, 'POST', '/hosts', { domain: 'down.example', planId: 'plan_team' });
      assert.equal(created.statusCode, 201, created.body);
      const { id: hostId, subscription } = created.json();
      const change = await call(t, owner, 'POST', `/subscriptions/${subscription.id}/change-plan`, {
        planId: 'plan_starter',
      });
      assert.equal(change.statusCode, 200, change.body);
      assert.equal(change.json().effective, 'period_end');
      assert.equal((await detail(owner, hostId)).entitlements.maxMembers, 100);
      t.clock.set(new Date(Date.parse(change.json().effectiveAt) + 3_600_000));
      await t.ctx.billing.runTick();
      // The session expired as the clock jumped; read as the system does.
      const after = await t.ctx.tenancy.hosts.describe({ kind: 'system' }, hostId);
      assert.equal(after.entitlements?.maxMembers, 10);
    });

    it("keeps another customer's host out of reach", async () => {
      const a = await signUpCustomer(t, { organization: 'Owner' });
      const b = await signUpCustomer(t, { organization: 'Stranger' });
      const created = await call(t, a, 'POST', '/hosts', { domain: 'mine.example', planId: 'plan_starter' });
      const hostId = created.json().id;
      const peek = await call(t, b, 'GET', `/hosts/${hostId}`);
      assert.equal(peek.statusCode, 404, peek.body);
      const add = await addMember(b, hostId, 'intruder');
      assert.equal(add.statusCode, 404, add.body);
      assert.equal((await detail(a, hostId)).memberCount, 0);
    });
  });
}
