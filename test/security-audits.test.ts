/**
 * The security audit of a host through the API, on both databases: real handshakes against the
 * test server's own XMPP ports, the DNS check's results from a DNS server of the test's own,
 * attacked accounts from real failed logins, the email about a new failure sent once (and again only
 * for another new failure), the weekly run by the scheduler, staff's report, and another customer's
 * host looking exactly like a missing one.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { startTestApp, type TestApp } from './support/app.js';
import { testDialects } from './support/databases.js';
import { startDnsServer, type TestDnsServer } from './support/dns-server.js';
import { outboxTo } from './support/outbox.js';
import { signInStaff, signUpCustomer, type Actor as Caller } from './support/actors.js';
import { call } from './support/api-client.js';
import { errorCode } from './support/errors.js';
import { authenticateRaw } from './xmpp/raw-client.js';

const SERVICE = 'imhost.test';
const DOMAIN = 'chat.acme.test';
const PASSWORD = 'a long passphrase for members';

interface Check {
  check: string;
  status: 'pass' | 'warn' | 'fail';
  summary: string;
  fix: string | null;
  fixedBy: string;
  details: string[];
}
interface AuditAnswer {
  domain: string;
  latest: {
    id: string;
    ranAt: string;
    trigger: string;
    worst: string;
    newFailures: string[];
    checks: Check[];
  } | null;
  nextScheduledAt: string | null;
  history: { id: string; trigger: string; worst: string; newFailures: string[] }[];
}

for (const dialect of testDialects()) {
  describe(`security audits (${dialect})`, () => {
    let t: TestApp;
    let dns: TestDnsServer;
    let ports: { c2sPort: number; c2sTlsPort: number };
    let owner: Caller & { email?: string };
    let other: Caller;
    let staff: Caller;
    let hostId: string;

    before(async () => {
      dns = await startDnsServer();
      dns.setA(SERVICE, ['127.0.0.1']);
      t = await startTestApp(dialect, { IMHOST_DNS_SERVERS: dns.address });
      ports = await t.xmpp.start();
      owner = await signUpCustomer(t, { organization: 'Acme', name: 'Owner' });
      other = await signUpCustomer(t, { organization: 'Other' });
      staff = await signInStaff(t, 'admin');
      const created = await call(t, owner, 'POST', '/hosts', { domain: DOMAIN });
      assert.equal(created.statusCode, 201, created.body);
      hostId = (created.json() as { id: string }).id;
      for (const username of ['alice', 'bob']) {
        const member = await call(t, owner, 'POST', `/hosts/${hostId}/members`, {
          username,
          password: PASSWORD,
        });
        assert.equal(member.statusCode, 201, member.body);
      }
    });
    after(async () => {
      await t?.close();
      await dns?.close();
    });

    async function audit(caller: Caller, method: 'GET' | 'POST' = 'POST'): Promise<AuditAnswer> {
      const response = await call(t, caller, method, `/hosts/${hostId}/audit`);
      assert.equal(response.statusCode, 200, response.body);
      return response.json() as AuditAnswer;
    }
    const checkOf = (answer: AuditAnswer, id: string) => {
      const found = answer.latest?.checks.find((c) => c.check === id);
      assert.ok(found, `no ${id} check in ${JSON.stringify(answer.latest?.checks.map((c) => c.check))}`);
      return found;
    };
    async function publishRecords(withSrv: boolean) {
      const domain = (await call(t, owner, 'GET', `/hosts/${hostId}/domain`)).json() as {
        verification: { record: { name: string; value: string } };
      };
      dns.setTxt(domain.verification.record.name, [domain.verification.record.value]);
      dns.setSrv(
        `_xmpp-client._tcp.${DOMAIN}`,
        withSrv ? [{ priority: 0, weight: 5, port: ports.c2sPort, target: SERVICE }] : [],
      );
      dns.setSrv(
        `_xmpps-client._tcp.${DOMAIN}`,
        withSrv ? [{ priority: 0, weight: 5, port: ports.c2sTlsPort, target: SERVICE }] : [],
      );
      dns.setA(DOMAIN, ['127.0.0.1']);
      const checked = await call(t, owner, 'POST', `/hosts/${hostId}/domain/check`);
      assert.equal(checked.statusCode, 200, checked.body);
    }
    const auditMails = async (address: string) =>
      (await outboxTo(t, address)).filter((mail) => mail.subject.startsWith('Security audit'));
    const ownerEmail = async () => {
      const me = (await call(t, owner, 'GET', '/me')).json() as { user: { email: string } };
      return me.user.email;
    };
    const staffEmail = async () => {
      const me = (await call(t, staff, 'GET', '/me')).json() as { user: { email: string } };
      return me.user.email;
    };

    it('has no audit before the first run, and one is due at once', async () => {
      const answer = await audit(owner, 'GET');
      assert.equal(answer.domain, DOMAIN);
      assert.equal(answer.latest, null);
      assert.deepEqual(answer.history, []);
      assert.equal(answer.nextScheduledAt, t.clock.now().toISOString());
    });

    it('measures the ports by real handshakes and reads the DNS check, and mails the new failure', async () => {
      await publishRecords(true);
      const answer = await audit(owner);
      assert.equal(answer.latest?.trigger, 'manual');
      const starttls = checkOf(answer, 'tls_starttls');
      assert.equal(starttls.status, 'pass', starttls.summary);
      assert.ok(starttls.details.includes('TLS 1.0: refused'), starttls.details.join('\n'));
      assert.ok(starttls.details.includes('TLS 1.1: refused'));
      assert.ok(starttls.details.some((line) => /^TLS 1\.3: accepted/.test(line)));
      assert.ok(starttls.details.includes('Refused every weak cipher offered.'));
      const direct = checkOf(answer, 'tls_direct');
      assert.equal(direct.status, 'pass', direct.summary);
      assert.match(direct.summary, new RegExp(`port ${ports.c2sTlsPort}`));
      // The test server's certificates are self-signed: a real client does not trust them.
      const certificate = checkOf(answer, 'certificate');
      assert.equal(certificate.status, 'fail');
      assert.match(certificate.summary, /self-signed/);
      assert.ok(certificate.fix);
      const sasl = checkOf(answer, 'sasl');
      assert.equal(sasl.status, 'pass', sasl.summary);
      assert.match(sasl.details[0]!, /^Before encryption: no login offered \(encryption required\)/);
      assert.match(sasl.details[1]!, /SCRAM-SHA-256/);
      assert.equal(checkOf(answer, 'dns').status, 'pass', checkOf(answer, 'dns').summary);
      assert.equal(checkOf(answer, 'idle_members').status, 'pass');
      assert.equal(checkOf(answer, 'attacked_accounts').status, 'pass');
      assert.equal(checkOf(answer, 'failed_login_spike').status, 'pass');
      const team = checkOf(answer, 'team_2fa');
      assert.equal(team.status, 'warn');
      assert.match(team.summary, /Owner/);
      assert.equal(checkOf(answer, 'software_version').status, 'warn');
      // Staff's own two-factor state is staff's business, not the customer's.
      assert.equal(
        answer.latest?.checks.some((c) => c.check === 'staff_2fa'),
        false,
      );
      assert.deepEqual(answer.latest?.newFailures, ['certificate']);
      assert.equal(answer.latest?.worst, 'fail');

      const toOwner = await auditMails(await ownerEmail());
      assert.equal(toOwner.length, 1);
      assert.match(toOwner[0]!.subject, /a new problem on chat\.acme\.test/);
      assert.match(toOwner[0]!.text, /Certificate: /);
      assert.match(toOwner[0]!.text, new RegExp(`/hosts/${hostId}#security-audit`));
      const toStaff = await auditMails(await staffEmail());
      assert.equal(toStaff.length, 1);
      assert.match(toStaff[0]!.text, /\/staff\/audits/);
    });

    it('does not mail a failure again that the last audit already had', async () => {
      const answer = await audit(owner);
      assert.deepEqual(answer.latest?.newFailures, []);
      assert.equal(answer.history.length, 1);
      assert.equal((await auditMails(await ownerEmail())).length, 1);
    });

    it('mails a check that newly fails, once', async () => {
      await publishRecords(false);
      const broken = await audit(owner);
      const dnsCheck = checkOf(broken, 'dns');
      assert.equal(dnsCheck.status, 'fail');
      assert.ok(dnsCheck.fix && dnsCheck.fix.length > 0);
      assert.deepEqual(broken.latest?.newFailures, ['dns']);
      const mails = await auditMails(await ownerEmail());
      assert.equal(mails.length, 2);
      assert.match(mails[0]!.text, /DNS records: /);
      assert.doesNotMatch(mails[0]!.text, /Certificate: /);
      await audit(owner);
      assert.equal((await auditMails(await ownerEmail())).length, 2);
    });

    it('names the members someone keeps guessing the password of', async () => {
      const ca = (await t.ctx.certificates.info(DOMAIN))!.certPem;
      for (let attempt = 0; attempt < 5; attempt++)
        await assert.rejects(
          authenticateRaw(ports.c2sPort, DOMAIN, 'alice', 'wrong password', ca),
          /not-authorized/,
        );
      const answer = await audit(owner);
      const attacked = checkOf(answer, 'attacked_accounts');
      assert.equal(attacked.status, 'warn');
      assert.match(attacked.summary, /alice/);
      assert.doesNotMatch(attacked.summary, /bob/);
      assert.deepEqual(attacked.details, ['alice: 5 failed logins in the last 15 minutes']);
      assert.ok(attacked.fix);
      // The spike check counts from the host's recorded figures, once the server has written them.
      await t.xmpp.flushActivity({ all: true });
      const spike = checkOf(await audit(owner), 'failed_login_spike');
      assert.equal(spike.status, 'pass', spike.summary);
      assert.match(spike.details[0]!, /^5 failed logins in the last \d+ minutes/);
    });

    it('runs weekly by the scheduler', async () => {
      const before = await audit(owner, 'GET');
      assert.equal(
        before.nextScheduledAt,
        new Date(Date.parse(before.latest!.ranAt) + 7 * 86_400_000).toISOString(),
      );
      await t.ctx.platform.jobs.runDue();
      assert.equal((await audit(owner, 'GET')).latest?.id, before.latest?.id, 'not due yet');
      t.clock.advance(7 * 86_400_000 + 3_600_000);
      await t.ctx.platform.jobs.runDue();
      const after = await audit(owner, 'GET');
      assert.notEqual(after.latest?.id, before.latest?.id);
      assert.equal(after.latest?.trigger, 'schedule');
    });

    it("shows another customer's host audit exactly like a missing host's", async () => {
      for (const method of ['GET', 'POST'] as const) {
        const theirs = await call(t, other, method, `/hosts/${hostId}/audit`);
        const missing = await call(t, other, method, '/hosts/host_00000000000000000000000000/audit');
        assert.equal(theirs.statusCode, 404);
        assert.equal(errorCode(theirs), 'host_not_found');
        assert.equal(missing.statusCode, theirs.statusCode);
        assert.equal(errorCode(missing), errorCode(theirs));
      }
      assert.equal((await call(t, other, 'GET', '/admin/audits')).statusCode, 403);
    });

    it("gives staff the server's checks and every host, failing first", async () => {
      const response = await call(t, staff, 'GET', '/admin/audits');
      assert.equal(response.statusCode, 200, response.body);
      const report = response.json() as {
        server: Check[];
        hosts: { domain: string; customerName: string; worst: string; failing: { check: string }[] }[];
      };
      assert.deepEqual(
        report.server.map((c) => c.check),
        ['staff_2fa', 'software_version'],
      );
      const row = report.hosts.find((h) => h.domain === DOMAIN);
      assert.equal(row?.customerName, 'Acme');
      assert.equal(row?.worst, 'fail');
      assert.deepEqual(row?.failing.map((f) => f.check).sort(), ['certificate', 'dns']);
      // Staff reach the host's own audit too.
      assert.equal((await call(t, staff, 'GET', `/hosts/${hostId}/audit`)).statusCode, 200);
    });
  });
}
