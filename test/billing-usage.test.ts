/**
 * The IM server's usage in pay-as-you-go billing, end to end: @xmpp/client members chat on a host
 * with a metered plan, the server counts the messages and flushes them to billing in its recurring
 * job, the customer sees them on the usage API, and the renewal bills them with the period's active
 * members. Flushes retried after an unclear failure count nothing twice.
 */
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { startTestApp, type TestApp } from './support/app.js';
import { testDialects } from './support/databases.js';
import { type Actor, signUpCustomer } from './support/actors.js';
import { call } from './support/api-client.js';
import { loginRaw } from './xmpp/raw-client.js';

const DOMAIN = 'metered.example.test';
const PASSWORD = 'correct horse battery';
const SCRIPT = path.join(import.meta.dirname, 'xmpp', 'send-messages-scenario.ts');
const MINUTE = 60_000;
const HOUR = 3_600_000;

function sendMessages(c2sPort: number, caFile: string, count: number): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(
      process.execPath,
      [
        '--no-warnings',
        '--import',
        'tsx',
        SCRIPT,
        `xmpp://127.0.0.1:${c2sPort}`,
        DOMAIN,
        PASSWORD,
        `${count}`,
      ],
      { env: { ...process.env, NODE_EXTRA_CA_CERTS: caFile }, stdio: ['ignore', 'pipe', 'pipe'] },
    );
    let output = '';
    child.stdout.on('data', (d: Buffer) => (output += d.toString()));
    child.stderr.on('data', (d: Buffer) => (output += d.toString()));
    child.on('close', (code) => (code === 0 ? resolve() : reject(new Error(`exit ${code}: ${output}`))));
  });
}

for (const dialect of testDialects()) {
  describe(`XMPP usage in metered billing (${dialect})`, () => {
    let t: TestApp;
    let c2sPort: number;
    let caFile: string;
    let ca: string;
    let owner: Actor;
    let subscriptionId: string;
    let hostId: string;

    before(async () => {
      t = await startTestApp(dialect);
      ({ c2sPort } = await t.xmpp.start());
      // The first pass registers the recurring jobs (usage flush, billing sweep).
      await t.ctx.platform.jobs.runDue();
      const { billing, tenancy } = t.ctx;
      const plan = await billing.catalog.create({
        code: 'metered-chat',
        name: 'Metered chat',
        description: 'Three cents a message, 1.50 per active member, 1.00 per GB stored.',
        rank: 5,
        trialDays: 0,
        entitlements: { maxMembers: 50, uploadQuotaMb: 100, archiveRetentionDays: 30, customDomain: true },
      });
      await billing.catalog.addPrice(plan.id, {
        cycle: 'monthly',
        currency: 'EUR',
        amount: 0,
        seatAmount: 0,
        includedSeats: 0,
        setupFee: 0,
        metered: [
          { metric: 'messages', model: 'per_unit', tiers: [{ upTo: null, unitAmount: '3' }] },
          { metric: 'active_members', model: 'per_unit', tiers: [{ upTo: null, unitAmount: '150' }] },
          { metric: 'storage_gb', model: 'per_unit', tiers: [{ upTo: null, unitAmount: '100' }] },
        ],
      });
      owner = await signUpCustomer(t, { organization: 'Metered' });
      const host = await tenancy.hosts.create({ customerId: owner.customerId!, domain: DOMAIN });
      for (const username of ['alice', 'bob', 'carol'])
        await tenancy.addMember({ domain: DOMAIN, username, password: PASSWORD });
      const sub = await billing.startSubscription({
        customerId: owner.customerId!,
        hostId: host.id,
        planId: plan.id,
        cycle: 'monthly',
        currency: 'EUR',
      });
      subscriptionId = sub.id;
      hostId = host.id;
      ca = (await t.xmpp.certificates.ensure(DOMAIN)).certPem;
      caFile = path.join(t.database.dataDir, 'metered-ca.pem');
      writeFileSync(caFile, ca);
    });
    after(() => t.close());

    type Metrics = { metric: string; quantity: number; amount: number }[];
    const byMetric = (metrics: Metrics): Record<string, [number, number]> =>
      Object.fromEntries(metrics.map((m) => [m.metric, [m.quantity, m.amount] as [number, number]]));

    /** As the dashboard reads it. */
    async function usageSoFar(): Promise<Record<string, [number, number]>> {
      const response = await call(t, owner, 'GET', `/subscriptions/${subscriptionId}/usage`);
      assert.equal(response.statusCode, 200, response.body);
      return byMetric((response.json() as { metrics: Metrics }).metrics);
    }

    /** A month later the dashboard session has expired; the service answers the same. */
    async function usageLater(): Promise<Record<string, [number, number]>> {
      return byMetric((await t.ctx.billing.subscriptions.usage(owner.customerId!, subscriptionId)).metrics);
    }

    it('counts the messages members send and shows them on the usage API after the flush job', async () => {
      await sendMessages(c2sPort, caFile, 5);
      // The typing notification has no body and costs nothing.
      assert.equal(t.xmpp.usage.pending().messages, 5);
      assert.deepEqual((await usageSoFar()).messages, [0, 0]);
      t.clock.advance(MINUTE);
      await t.ctx.platform.jobs.runDue();
      assert.equal(t.xmpp.usage.pending().messages, 0);
      assert.deepEqual((await usageSoFar()).messages, [5, 15]);
    });

    it('counts a flush retried after an unclear failure once', async () => {
      await sendMessages(c2sPort, caFile, 2);
      // The write lands, then the acknowledgement is lost: the batch stays, with the same keys.
      await assert.rejects(
        t.xmpp.usage.flush({
          record: async (batch) => {
            await t.ctx.billing.recordUsageBatch(batch);
            throw new Error('connection lost after commit');
          },
        }),
        /connection lost/,
      );
      assert.equal(t.xmpp.usage.pending().messages, 2);
      assert.equal(await t.xmpp.flushUsage(), 1);
      assert.equal(await t.xmpp.flushUsage(), 0);
      // Delivered once more, by hand, the same batch still counts once.
      const batch = {
        key: 'usg_replayed',
        reports: [{ hostId, metric: 'messages' as const, at: t.clock.now(), quantity: 4 }],
      };
      assert.equal(await t.ctx.billing.recordUsageBatch(batch), true);
      assert.equal(await t.ctx.billing.recordUsageBatch(batch), false);
      assert.equal(t.xmpp.usage.pending().messages, 0);
      assert.deepEqual((await usageSoFar()).messages, [11, 33]);
    });

    it('bills the peak of the bytes a host stores as started gigabytes', async () => {
      t.xmpp.usage.storageUsed(hostId, 1_500_000_000);
      t.xmpp.usage.storageUsed(hostId, 900_000_000);
      assert.equal(await t.xmpp.flushUsage(), 1);
      assert.deepEqual((await usageSoFar()).storage_gb, [2, 200]);
    });

    it('counts active members per period across the boundary and bills both on the renewal', async () => {
      const { billing } = t.ctx;
      const customerId = owner.customerId!;
      const period = await billing.subscriptions.get(customerId, subscriptionId);
      const periodEnd = new Date(period.currentPeriodEnd!);
      // Alice and Bob signed in to chat; the hourly sweep counts them.
      t.clock.advance(HOUR);
      await t.ctx.platform.jobs.runDue();
      assert.deepEqual((await usageSoFar()).active_members, [2, 300]);
      // Carol signs in for the first time half an hour before the period ends, after the last sweep.
      t.clock.set(new Date(periodEnd.getTime() - 30 * MINUTE));
      (await loginRaw(c2sPort, DOMAIN, 'carol', PASSWORD, ca)).close();
      // A message in the period's last minute, still in memory when the period ends.
      t.clock.set(new Date(periodEnd.getTime() - MINUTE / 2));
      t.xmpp.usage.messageSent((await t.xmpp.core.hosts.find(DOMAIN))!);
      // The sweep after the boundary takes the closing count before the renewal rates the period;
      // here it runs before the flush.
      t.clock.set(new Date(periodEnd.getTime() + 5 * MINUTE));
      await billing.runTick();
      const [renewal] = (await billing.invoices.list(customerId, { limit: 1 })).items;
      assert.equal(renewal!.periodStart, periodEnd.toISOString());
      const lines = (await billing.invoices.get(customerId, renewal!.id)).lines;
      assert.deepEqual(
        lines.map((line) => [line.kind, line.quantity, line.amount, line.periodStart]),
        [
          ['usage', 11, 33, period.currentPeriodStart],
          ['usage', 3, 450, period.currentPeriodStart],
          ['usage', 2, 200, period.currentPeriodStart],
        ],
      );
      // The late message is not lost: it is billed with the new period, which otherwise starts from
      // nothing; Alice signing in again makes one active member.
      await t.ctx.platform.jobs.runDue();
      assert.deepEqual(await usageLater(), {
        messages: [1, 3],
        active_members: [0, 0],
        storage_gb: [0, 0],
      });
      (await loginRaw(c2sPort, DOMAIN, 'alice', PASSWORD, ca)).close();
      t.clock.advance(HOUR);
      await t.ctx.platform.jobs.runDue();
      assert.deepEqual((await usageLater()).active_members, [1, 150]);
    });

    it('flushes what is left when the server stops', async () => {
      const host = (await t.xmpp.core.hosts.find(DOMAIN))!;
      t.xmpp.usage.messageSent(host);
      await t.xmpp.stop();
      assert.deepEqual(t.xmpp.usage.pending(), { messages: 0, storage_bytes: 0 });
      assert.deepEqual((await usageLater()).messages, [2, 6]);
    });
  });
}
