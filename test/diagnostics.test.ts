/**
 * "Check my IM host" through the API, against the real XMPP listeners, a DNS server of the test's
 * own and certificates from a test CA: the right cause and fix for wrong DNS, an expired or
 * untrusted certificate and a wrong password; a password that reaches no log line, audit entry,
 * stored report or ticket; the report attached to a ticket; the rate limit; and another customer.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { startTestApp, type TestApp } from './support/app.js';
import { signUpCustomer, type CustomerActor } from './support/actors.js';
import { assertError } from './support/errors.js';
import { testDialects } from './support/databases.js';
import { startDnsServer, type TestDnsServer } from './support/dns-server.js';
import { createServedHost, SERVICE_NAME as SERVICE } from './support/served-hosts.js';
import { createTestCa, type TestCa } from './support/test-ca.js';

const MEMBER_PASSWORD = 'Kestrel-violet-4417-harbour';
const WRONG_PASSWORD = 'Osprey-amber-9021-meadow';

interface Step {
  name: string;
  status: string;
  result: string;
  cause: string | null;
  symptom: string | null;
  fix: string | null;
  details: string[];
  latencyMs: number | null;
}
interface Report {
  id: string;
  hostId: string;
  domain: string;
  status: string;
  member: string | null;
  steps: Step[];
  performance: { status: string; summary: string; roundTripMs: number | null } | null;
}

const stepOf = (report: Report, name: string) => report.steps.find((step) => step.name === name)!;

for (const dialect of testDialects()) {
  describe(`diagnostics: Check my IM host (${dialect})`, () => {
    let t: TestApp;
    let dns: TestDnsServer;
    let ca: TestCa;
    let ports: { c2sPort: number; c2sTlsPort: number };
    let owner: CustomerActor;
    let other: CustomerActor;
    const logLines: string[] = [];

    before(async () => {
      dns = await startDnsServer();
      ca = await createTestCa();
      const caFile = path.join(mkdtempSync(path.join(tmpdir(), 'imhost-diag-')), 'ca.pem');
      writeFileSync(caFile, ca.rootPem);
      t = await startTestApp(
        dialect,
        {
          IMHOST_DNS_SERVERS: dns.address,
          IMHOST_DOMAIN_VERIFICATION: 'off',
          IMHOST_DIAGNOSTICS_CA_FILE: caFile,
          IMHOST_DIAGNOSTICS_RUNS_PER_HOUR: '6',
          // Everything the server would ever log, so the test can look for the password in it.
          IMHOST_LOG_LEVEL: 'trace',
        },
        { logDestination: { write: (line: string) => void logLines.push(line) } },
      );
      ports = await t.xmpp.start();
      owner = await signUpCustomer(t, { organization: 'Acme' });
      other = await signUpCustomer(t, { organization: 'Other' });
    });
    after(async () => {
      await t?.close();
      await dns?.close();
    });

    /** A host with a member, its records published and (unless told) a trusted certificate. */
    const createHost = (
      domain: string,
      options: { records?: boolean; certificate?: 'trusted' | 'expired' | 'none' } = {},
    ) =>
      createServedHost({ t, dns, ca, ports, owner }, domain, { memberPassword: MEMBER_PASSWORD, ...options });

    async function check(
      hostId: string,
      credentials?: { username: string; password: string },
    ): Promise<Report> {
      const response = await owner.post(`/hosts/${hostId}/diagnostics`, credentials ?? {});
      assert.equal(response.statusCode, 200, response.body);
      return response.json<Report>();
    }

    let healthyId: string;
    let healthyReport: Report;

    it('passes every step for a healthy host, with the login and a round trip', async () => {
      healthyId = await createHost('healthy.example');
      healthyReport = await check(healthyId, { username: 'alice', password: MEMBER_PASSWORD });
      assert.deepEqual(
        healthyReport.steps.map((step) => [step.name, step.status]),
        [
          ['dns', 'passed'],
          ['tcp', 'passed'],
          ['tls', 'passed'],
          ['stream', 'passed'],
          ['login', 'passed'],
          ['round_trip', 'passed'],
        ],
        JSON.stringify(healthyReport.steps, null, 2),
      );
      assert.equal(healthyReport.status, 'passed');
      assert.equal(healthyReport.member, 'alice');
      assert.equal(typeof stepOf(healthyReport, 'round_trip').latencyMs, 'number');
      // The host has no figures yet (no messages): the comparison says so, with this check's ping.
      assert.equal(healthyReport.performance?.status, 'unknown');
      assert.equal(healthyReport.performance?.roundTripMs, stepOf(healthyReport, 'round_trip').latencyMs);
      assert.match(healthyReport.performance!.summary, /Too few messages in the last 24 hours \(0\)/);
      assert.match(stepOf(healthyReport, 'dns').result, new RegExp(`${SERVICE} port ${ports.c2sPort}`));
      assert.ok(stepOf(healthyReport, 'stream').details.some((line) => line.includes('PLAIN')));
    });

    it('without credentials, skips the login and the round trip and says why', async () => {
      const report = await check(healthyId);
      assert.equal(stepOf(report, 'stream').status, 'passed');
      assert.equal(stepOf(report, 'login').status, 'skipped');
      assert.match(stepOf(report, 'login').result, /username and password/);
      assert.equal(stepOf(report, 'round_trip').status, 'skipped');
      assert.equal(report.member, null);
    });

    it('names "server not found" and the SRV records to add when the DNS is wrong', async () => {
      const hostId = await createHost('nodns.example', { records: false });
      const report = await check(hostId, { username: 'alice', password: MEMBER_PASSWORD });
      const step = stepOf(report, 'dns');
      assert.equal(step.status, 'failed');
      assert.equal(step.cause, 'server_not_found');
      assert.equal(step.symptom, 'Server not found');
      assert.match(step.fix!, /SRV _xmpp-client\._tcp\.nodns\.example → /);
      for (const name of ['tcp', 'tls', 'stream', 'login', 'round_trip']) {
        assert.equal(stepOf(report, name).status, 'skipped', name);
        assert.match(stepOf(report, name).result, /DNS|sign-in/, name);
      }
      assert.equal(report.status, 'failed');

      // Records that name a server without an address are as good as none.
      dns.setSrv('_xmpp-client._tcp.nodns.example', [
        { priority: 0, weight: 5, port: ports.c2sPort, target: 'gone.imhost.test' },
      ]);
      const pointing = await check(hostId);
      assert.equal(stepOf(pointing, 'dns').cause, 'server_not_found');
      assert.match(stepOf(pointing, 'dns').result, /gone\.imhost\.test/);
    });

    it('names "certificate expired" and how to renew when the certificate has expired', async () => {
      const hostId = await createHost('expired.example', { certificate: 'expired' });
      const report = await check(hostId, { username: 'alice', password: MEMBER_PASSWORD });
      assert.equal(stepOf(report, 'dns').status, 'passed');
      assert.equal(stepOf(report, 'tcp').status, 'passed');
      const step = stepOf(report, 'tls');
      assert.equal(step.status, 'failed', JSON.stringify(step));
      assert.equal(step.cause, 'certificate_expired');
      assert.equal(step.symptom, 'Certificate expired');
      assert.match(step.fix!, /Renew it/);
      assert.ok(step.details.some((line) => /expired on/.test(line)));
      for (const name of ['stream', 'login', 'round_trip'])
        assert.equal(stepOf(report, name).status, 'skipped');
    });

    it('names "certificate not trusted" for a self-signed certificate', async () => {
      const hostId = await createHost('selfsigned.example', { certificate: 'none' });
      const report = await check(hostId);
      const step = stepOf(report, 'tls');
      assert.equal(step.cause, 'certificate_not_trusted', JSON.stringify(step));
      assert.equal(step.symptom, 'Certificate not trusted');
    });

    it('names "unauthorized" and how to reset the password when the password is wrong', async () => {
      const report = await check(healthyId, { username: 'alice@healthy.example', password: WRONG_PASSWORD });
      assert.equal(stepOf(report, 'stream').status, 'passed');
      const step = stepOf(report, 'login');
      assert.equal(step.status, 'failed');
      assert.equal(step.cause, 'unauthorized');
      assert.equal(step.symptom, 'Unauthorized');
      assert.match(step.fix!, /set a new password/);
      assert.equal(stepOf(report, 'round_trip').status, 'skipped');
    });

    it('refuses half the credentials, and a member of another domain', async () => {
      assertError(
        await owner.post(`/hosts/${healthyId}/diagnostics`, { username: 'alice' }),
        400,
        'diagnostics_credentials_incomplete',
      );
      assertError(
        await owner.post(`/hosts/${healthyId}/diagnostics`, {
          username: 'alice@elsewhere.example',
          password: 'x',
        }),
        400,
        'diagnostics_member_elsewhere',
      );
    });

    it('attaches a report to a support ticket, redacted, and keeps the latest report', async () => {
      const latest = await owner.get(`/hosts/${healthyId}/diagnostics/latest`);
      assert.equal(latest.statusCode, 200, latest.body);
      const report = latest.json<Report>();
      assert.equal(stepOf(report, 'login').cause, 'unauthorized');

      const response = await owner.post(`/hosts/${healthyId}/diagnostics/${report.id}/ticket`, {});
      assert.equal(response.statusCode, 201, response.body);
      const detail = response.json<{
        ticket: { id: string; subject: string; hostId: string | null };
        messages: { body: string; logText: string | null }[];
      }>();
      assert.match(detail.ticket.subject, /healthy\.example: Unauthorized/);
      assert.equal(detail.ticket.hostId, healthyId);
      const log = detail.messages[0]!.logText!;
      assert.match(log, /\[FAIL\] Signing in/);
      assert.match(log, /cause: unauthorized/);
      assert.match(detail.messages[0]!.body, /did not accept the username or password/);
    });

    it('never stores, logs or audits the password', async () => {
      const secrets = [MEMBER_PASSWORD, WRONG_PASSWORD];
      // SASL PLAIN carries the password in base64: that must not show up either.
      const encoded = secrets.flatMap((secret) =>
        ['alice', 'alice@healthy.example'].map((user) =>
          Buffer.from(`\0${user}\0${secret}`).toString('base64'),
        ),
      );
      const stored = await t.database.db.selectFrom('diagnostic_reports').select('report').execute();
      assert.ok(stored.length >= 5);
      const audit = await t.ctx.platform.audit.list({ limit: 200 });
      const runs = audit.items.filter((event) => event.action === 'host.diagnostics.run');
      assert.ok(runs.length >= 5);
      const tickets = await t.database.db
        .selectFrom('support_messages')
        .select(['body', 'log_text'])
        .execute();
      const haystacks = {
        logs: logLines.join(''),
        reports: JSON.stringify(stored),
        audit: JSON.stringify(audit.items),
        tickets: JSON.stringify(tickets),
      };
      assert.ok(logLines.length > 0, 'the test saw log lines');
      for (const [where, text] of Object.entries(haystacks))
        for (const needle of [...secrets, ...encoded])
          assert.ok(!text.includes(needle), `${where} holds a secret`);
    });

    it('runs a check of a host a few times an hour', async () => {
      const hostId = await createHost('busy.example', { records: false });
      for (let run = 1; run <= 6; run++) await check(hostId);
      const limited = await owner.post(`/hosts/${hostId}/diagnostics`, {});
      assertError(limited, 429, 'diagnostics_rate_limited');
      t.clock.advance(3_600_000 + 1000);
      await check(hostId);
    });

    it("shows another customer's host, report and ticket as missing", async () => {
      const report = healthyReport;
      assertError(await other.post(`/hosts/${healthyId}/diagnostics`, {}), 404, 'host_not_found');
      assertError(await other.get(`/hosts/${healthyId}/diagnostics/latest`), 404, 'host_not_found');
      assertError(
        await other.post(`/hosts/${healthyId}/diagnostics/${report.id}/ticket`, {}),
        404,
        'host_not_found',
      );
      const own = await other.post('/hosts', { domain: 'other.example' });
      const otherHost = own.json<{ id: string }>().id;
      assertError(
        await other.post(`/hosts/${otherHost}/diagnostics/${report.id}/ticket`, {}),
        404,
        'diagnostic_report_not_found',
      );
      assertError(
        await other.get(`/hosts/${otherHost}/diagnostics/latest`),
        404,
        'diagnostic_report_not_found',
      );
    });
  });
}
