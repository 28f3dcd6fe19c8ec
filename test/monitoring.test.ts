/**
 * Monitoring the customer sees, end to end on both databases: real XMPP logins (a wrong password,
 * a disabled member, then two members chatting through @xmpp/client) are counted by the server,
 * flushed into the series and the login history, and read back through the API: the host's
 * charts for a day, a week and a month, and "why can't Anna log in?" in the member activity. The
 * scheduler rolls minutes into hours and purges each table at its own boundary on the clock;
 * another customer sees none of it, and staff see every host.
 */
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { startTestApp, type TestApp } from './support/app.js';
import { testDialects } from './support/databases.js';
import { signInStaff, signUpCustomer, type Actor as Caller } from './support/actors.js';
import { call } from './support/api-client.js';
import { errorCode } from './support/errors.js';
import { where } from './xmpp/element-match.js';
import { authenticateRaw, loginRaw, request } from './xmpp/raw-client.js';

const DOMAIN = 'watched.example.test';
const PASSWORD = 'correct horse battery';
const SCRIPT = path.join(import.meta.dirname, 'xmpp', 'send-messages-scenario.ts');
const HOUR = 3_600_000;
const DAY = 24 * HOUR;

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

interface Totals {
  sessions: number;
  loginsSucceeded: number;
  loginsFailed: { wrongPassword: number; disabled: number; suspended: number; throttled: number };
  messages: number;
  activeMembers: number;
  latencyP50Ms: number | null;
  latencyP99Ms: number | null;
}
interface Metrics {
  range: string;
  stepSeconds: number;
  points: (Totals & { at: string })[];
  totals: Totals;
}
interface MemberActivity {
  username: string;
  lastLoginAt: string | null;
  client: {
    resource: string | null;
    software: string | null;
    softwareVersion: string | null;
    os: string | null;
  } | null;
  failedLogins: { at: string; reason: string }[];
}

for (const dialect of testDialects()) {
  describe(`host monitoring through the API (${dialect})`, () => {
    let t: TestApp;
    let owner: Caller;
    let other: Caller;
    let hostId: string;
    let c2sPort: number;
    let ca: string;
    let caFile: string;

    before(async () => {
      t = await startTestApp(dialect);
      ({ c2sPort } = await t.xmpp.start());
      await t.ctx.platform.jobs.runDue();
      owner = await signUpCustomer(t, { organization: 'Watched' });
      other = await signUpCustomer(t, { organization: 'Nosy' });
      const created = await call(t, owner, 'POST', '/hosts', { domain: DOMAIN });
      assert.equal(created.statusCode, 201, created.body);
      hostId = created.json<{ id: string }>().id;
      for (const username of ['alice', 'bob', 'anna', 'dave'])
        await t.ctx.tenancy.addMember({ domain: DOMAIN, username, password: PASSWORD });
      ca = (await t.xmpp.certificates.ensure(DOMAIN)).certPem;
      caFile = path.join(t.database.dataDir, 'watched-ca.pem');
      writeFileSync(caFile, ca);
    });
    after(() => t.close());

    async function metrics(caller: Caller, range: string): Promise<Metrics> {
      const response = await call(t, caller, 'GET', `/hosts/${hostId}/metrics?range=${range}`);
      assert.equal(response.statusCode, 200, response.body);
      return response.json<Metrics>();
    }

    it('counts a wrong password, a disabled member and a real chat, and shows them in the day chart', async () => {
      await assert.rejects(
        authenticateRaw(c2sPort, DOMAIN, 'anna', 'not her password', ca),
        /not-authorized/,
      );
      const disabled = await call(t, owner, 'PATCH', `/hosts/${hostId}/members/dave`, { status: 'disabled' });
      assert.equal(disabled.statusCode, 200, disabled.body);
      await assert.rejects(authenticateRaw(c2sPort, DOMAIN, 'dave', PASSWORD, ca), /account-disabled/);
      await sendMessages(c2sPort, caFile, 3);
      await t.xmpp.flushActivity({ all: true });

      const day = await metrics(owner, '24h');
      assert.equal(day.stepSeconds, 600);
      assert.equal(day.points.length, 144);
      assert.deepEqual(day.totals.loginsFailed, {
        wrongPassword: 1,
        disabled: 1,
        suspended: 0,
        throttled: 0,
      });
      assert.equal(day.totals.loginsSucceeded, 2);
      assert.equal(day.totals.messages, 3);
      assert.equal(day.totals.activeMembers, 2);
      assert.ok(day.totals.sessions >= 1, 'the chatting members were connected');
      assert.equal(typeof day.totals.latencyP50Ms, 'number');
      assert.ok(day.totals.latencyP99Ms! >= day.totals.latencyP50Ms!);
      // Everything happened within the current step: the last point.
      assert.equal(day.points.at(-1)!.messages, 3);
    });

    it("answers why Anna cannot log in, and shows each member's last login and client", async () => {
      const response = await call(t, owner, 'GET', `/hosts/${hostId}/member-activity`);
      assert.equal(response.statusCode, 200, response.body);
      const members = response.json<{ items: MemberActivity[] }>().items;
      const byName = new Map(members.map((member) => [member.username, member]));
      assert.deepEqual(
        byName.get('anna')!.failedLogins.map((failure) => failure.reason),
        ['wrong_password'],
      );
      assert.equal(byName.get('anna')!.lastLoginAt, null);
      assert.deepEqual(
        byName.get('dave')!.failedLogins.map((failure) => failure.reason),
        ['disabled'],
      );
      const alice = byName.get('alice')!;
      assert.notEqual(alice.lastLoginAt, null);
      assert.equal(alice.failedLogins.length, 0);
      assert.equal(alice.client?.resource, 'usage');
      // The same history, as other features read it.
      const hostFailures = await t.ctx.monitoring.failedLoginsOfHostSince(
        hostId,
        new Date(t.clock.nowMs() - HOUR),
      );
      assert.deepEqual(hostFailures.map((f) => [f.username, f.reason]).sort(), [
        ['anna', 'wrong_password'],
        ['dave', 'disabled'],
      ]);
      const annas = await t.ctx.monitoring.recentFailedLoginsOfMember(hostId, 'anna');
      assert.equal(annas.length, 1);
    });

    it('names the app a member signed in with, as the client answers XEP-0092', async () => {
      const bob = await loginRaw(c2sPort, DOMAIN, 'bob', PASSWORD, ca, 'laptop');
      try {
        // Only a client that announces capabilities (XEP-0115) is asked for its version.
        bob.write(
          "<presence><c xmlns='http://jabber.org/protocol/caps' hash='sha-1' node='https://gajim.org' ver='q07IKJEyjvHSyhy//CH0CxmKi8w='/></presence>",
        );
        const query = await bob.waitFor(
          where(
            'a version query',
            (e) => e.attrs.type === 'get' && e.getChild('query', 'jabber:iq:version') !== undefined,
          ),
        );
        bob.write(
          `<iq type='result' id='${query.attrs.id}' to='${query.attrs.from}'><query xmlns='jabber:iq:version'><name>Gajim</name><version>1.9.5</version><os>Debian</os></query></iq>`,
        );
        // Stanzas are handled in order: once the ping is answered, the answer above was taken.
        await request(bob, "<iq type='get'><ping xmlns='urn:xmpp:ping'/></iq>");
        await t.xmpp.flushActivity({ all: true });
      } finally {
        bob.close();
      }
      const response = await call(t, owner, 'GET', `/hosts/${hostId}/member-activity`);
      const bobActivity = response
        .json<{ items: MemberActivity[] }>()
        .items.find((m) => m.username === 'bob')!;
      assert.deepEqual(bobActivity.client, {
        resource: 'laptop',
        software: 'Gajim',
        softwareVersion: '1.9.5',
        os: 'Debian',
      });
    });

    it("shows another customer's host metrics and member activity exactly as a missing host", async () => {
      for (const url of [`/hosts/${hostId}/metrics?range=24h`, `/hosts/${hostId}/member-activity`]) {
        const foreign = await call(t, other, 'GET', url);
        const missing = await call(t, other, 'GET', url.replace(hostId, 'host_00000000000000000000000000'));
        assert.equal(foreign.statusCode, 404, url);
        assert.equal(errorCode(foreign), 'host_not_found', url);
        assert.deepEqual(foreign.json(), missing.json(), url);
      }
    });

    it('refuses a range it does not know', async () => {
      const response = await call(t, owner, 'GET', `/hosts/${hostId}/metrics?range=1y`);
      assert.equal(response.statusCode, 400);
    });

    it('gives staff every host, the busiest ones and this node, and customers none of it', async () => {
      const staff = await signInStaff(t);
      const hostView = await call(t, staff, 'GET', `/hosts/${hostId}/metrics?range=30d`);
      assert.equal(hostView.statusCode, 200, hostView.body);
      await sendMessages(c2sPort, caFile, 2);
      await t.xmpp.flushActivity({ all: true });
      const response = await call(t, staff, 'GET', '/admin/monitoring?range=24h');
      assert.equal(response.statusCode, 200, response.body);
      const body = response.json<{
        metrics: Metrics;
        busiestHosts: {
          domain: string;
          messages: number;
          loginsSucceeded: number;
          loginsFailed: number;
          failedLoginRate: number;
        }[];
        process: { nodeId: string; uptimeSeconds: number; rssBytes: number };
      }>();
      assert.equal(body.metrics.totals.messages, 5);
      assert.deepEqual(
        body.busiestHosts.map((host) => [
          host.domain,
          host.messages,
          host.loginsSucceeded,
          host.loginsFailed,
        ]),
        [[DOMAIN, 5, 5, 2]],
      );
      assert.equal(body.busiestHosts[0]!.failedLoginRate, 2 / 7);
      assert.ok(body.process.rssBytes > 0);
      assert.equal(body.process.nodeId.length > 0, true);
      assert.equal((await call(t, owner, 'GET', '/admin/monitoring')).statusCode, 403);
    });

    it('rolls minutes into hours for the week and month charts, and purges each at its boundary', async () => {
      t.clock.advance(5 * 60_000);
      await t.ctx.platform.jobs.runDue();
      for (const range of ['7d', '30d']) {
        const view = await metrics(owner, range);
        assert.equal(view.totals.messages, 5, range);
        assert.equal(view.totals.loginsFailed.wrongPassword, 1, range);
      }

      // 47 hours on the minutes are kept; 49 hours on they are gone, the hours stay.
      t.clock.advance(47 * HOUR);
      await t.ctx.monitoring.purge();
      assert.equal((await metrics(owner, '24h')).totals.messages, 0, 'a day later the day chart is empty');
      t.clock.advance(2 * HOUR);
      const purged = await t.ctx.monitoring.purge();
      assert.ok(purged.minutes > 0, 'minutes older than 48 hours are deleted');
      assert.equal(purged.hours, 0);
      assert.equal((await metrics(owner, '7d')).totals.messages, 5);

      // Login attempts go after 30 days, hours after 90.
      t.clock.advance(29 * DAY);
      assert.equal((await t.ctx.monitoring.purge()).loginAttempts, 7);
      t.clock.advance(57 * DAY);
      assert.equal((await t.ctx.monitoring.purge()).hours, 0);
      t.clock.advance(3 * DAY);
      assert.ok((await t.ctx.monitoring.purge()).hours > 0);
      // The dashboard session has long expired; the service answers the same.
      assert.equal((await t.ctx.monitoring.hostMetrics(hostId, '30d')).totals.messages, 0);
    });
  });
}
