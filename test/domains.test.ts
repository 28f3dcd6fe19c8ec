/**
 * A customer's own domain, end to end, against Debian's pebble (a real ACME server) and a DNS
 * server of the test's own: ownership by TXT record, the DNS table, issuance by http-01 on our
 * HTTP port, the certificate served to a client that trusts only pebble's root, renewal, a failed
 * challenge, squatting, and another customer's view of it all.
 */
import assert from 'node:assert/strict';
import { X509Certificate } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import tls from 'node:tls';
import { after, before, describe, it } from 'node:test';
import { startTestApp, type TestApp } from './support/app.js';
import { testDialects } from './support/databases.js';
import { startAcmeTestApp, SERVICE, type AcmeTestApp } from './support/acme-app.js';
import type { TestDnsServer } from './support/dns-server.js';
import { type Actor, signInStaff, signUpCustomer } from './support/actors.js';
import { call } from './support/api-client.js';
import { errorCode } from './support/errors.js';
import { createSelfSignedCertificate } from '../src/platform/tls/index.js';
import { loginRaw, RawClient, streamHeader } from './xmpp/raw-client.js';

const PASSWORD = 'a long passphrase for members';

interface DomainAnswer {
  verification: { status: string; record: { name: string; value: string }; method: string | null };
  dns: {
    type: string;
    name: string;
    expected: string;
    found: string[];
    status: string;
    explanation: string | null;
  }[];
  certificate: {
    source: string;
    issuer: string | null;
    notAfter: string | null;
    renewAt: string | null;
    status: string;
    lastError: string | null;
  };
  registration: { expiresAt: string | null; state: string; autoRenew: boolean; registrar: string | null };
  alerts: { kind: string; message: string }[];
}

for (const dialect of testDialects()) {
  describe(`domains: ownership, DNS and ACME certificates (${dialect})`, () => {
    let acme: AcmeTestApp;
    let t: TestApp;
    let dns: TestDnsServer;
    let root: string;
    let ports: { c2sPort: number; c2sTlsPort: number };
    let owner: Actor;
    let other: Actor;
    let staff: Actor;

    before(async () => {
      acme = await startAcmeTestApp(dialect);
      ({ t, dns, root, ports } = acme);
      owner = await signUpCustomer(t, { organization: 'Acme' });
      other = await signUpCustomer(t, { organization: 'Other' });
      staff = await signInStaff(t, 'admin');
    });
    after(() => acme?.close());

    async function createHost(caller: Actor, domain: string) {
      const response = await call(t, caller, 'POST', '/hosts', { domain });
      assert.equal(response.statusCode, 201, response.body);
      const host = response.json() as { id: string };
      const member = await call(t, caller, 'POST', `/hosts/${host.id}/members`, {
        username: 'alice',
        password: PASSWORD,
      });
      assert.equal(member.statusCode, 201, member.body);
      return host;
    }
    async function domainOf(caller: Actor, hostId: string, check = false): Promise<DomainAnswer> {
      const response = await call(
        t,
        caller,
        check ? 'POST' : 'GET',
        `/hosts/${hostId}/domain${check ? '/check' : ''}`,
      );
      assert.equal(response.statusCode, 200, response.body);
      return response.json() as DomainAnswer;
    }
    /** What a customer does with the records the host page lists. */
    function publish(domain: string, answer: DomainAnswer, address = '127.0.0.1') {
      dns.setTxt(answer.verification.record.name, [answer.verification.record.value]);
      dns.setSrv(`_xmpp-client._tcp.${domain}`, [
        { priority: 0, weight: 5, port: ports.c2sPort, target: SERVICE },
      ]);
      dns.setSrv(`_xmpps-client._tcp.${domain}`, [
        { priority: 0, weight: 5, port: ports.c2sTlsPort, target: SERVICE },
      ]);
      dns.setA(domain, [address]);
    }
    async function mailTo(subject: RegExp): Promise<string[][]> {
      const page = await t.ctx.platform.mailer.list({ limit: 200 });
      return page.items.filter((mail) => subject.test(mail.subject)).map((mail) => mail.recipients);
    }
    async function directTlsFingerprint(domain: string): Promise<string> {
      const client = await RawClient.connect(ports.c2sTlsPort, { tls: { servername: domain, ca: root } });
      const fingerprint = new X509Certificate(client.tlsSocket.getPeerX509Certificate()!.raw).fingerprint256;
      client.close();
      return fingerprint;
    }

    let chat: { id: string };

    it('lists the records to set, and serves an unproven domain to nobody, with no certificate', async () => {
      chat = await createHost(owner, 'chat.acme.test');
      const answer = await domainOf(owner, chat.id, true);
      assert.equal(answer.verification.status, 'pending');
      assert.equal(answer.verification.record.name, '_imhost-verification.chat.acme.test');
      assert.match(answer.verification.record.value, /^imhost-verification=[\w-]{20,}$/);
      assert.deepEqual(
        answer.dns.map((record) => [record.type, record.name, record.expected, record.status]),
        [
          ['TXT', '_imhost-verification.chat.acme.test', answer.verification.record.value, 'missing'],
          ['SRV', '_xmpp-client._tcp.chat.acme.test', `0 5 ${ports.c2sPort} ${SERVICE}.`, 'missing'],
          ['SRV', '_xmpps-client._tcp.chat.acme.test', `0 5 ${ports.c2sTlsPort} ${SERVICE}.`, 'missing'],
          ['CNAME', 'chat.acme.test', `${SERVICE}.`, 'missing'],
        ],
      );
      assert.ok(answer.dns.every((record) => record.explanation !== null));
      assert.equal(answer.certificate.status, 'pending');
      assert.notEqual(answer.certificate.source, 'acme');
      // The registration fields: nothing is known of a reserved .test name's registration.
      const { expiresAt, state, autoRenew, registrar } = answer.registration!;
      assert.deepEqual(
        { expiresAt, state, autoRenew, registrar },
        {
          expiresAt: null,
          state: 'unknown',
          autoRenew: false,
          registrar: null,
        },
      );

      await t.ctx.domains.sweep();
      assert.notEqual((await domainOf(owner, chat.id)).certificate.source, 'acme');
      const client = await RawClient.connect(ports.c2sPort);
      client.write(streamHeader('chat.acme.test'));
      const refused = await client.waitFor({ name: 'stream:error' });
      assert.ok(refused.getChild('host-unknown'), refused.toString());
      client.close();
    });

    it('tells another customer nothing of the domain, as if the host did not exist', async () => {
      for (const [method, url] of [
        ['GET', `/hosts/${chat.id}/domain`],
        ['POST', `/hosts/${chat.id}/domain/check`],
        ['GET', `/hosts/host_doesnotexist/domain`],
      ] as const) {
        const response = await call(t, other, method, url);
        assert.equal(response.statusCode, 404, `${method} ${url}: ${response.body}`);
        assert.equal(errorCode(response), 'host_not_found');
      }
      const staffOnly = await call(t, owner, 'GET', '/admin/domains');
      assert.equal(staffOnly.statusCode, 403, staffOnly.body);
    });

    let issued: string;

    it('verifies by the TXT record once the records are right, and pebble issues a certificate clients trust', async () => {
      const pending = await domainOf(owner, chat.id);
      publish('chat.acme.test', pending);
      const answer = await domainOf(owner, chat.id, true);
      assert.deepEqual(
        answer.dns.map((record) => record.status),
        ['ok', 'ok', 'ok', 'ok'],
      );
      assert.equal(answer.verification.status, 'verified');
      assert.equal(answer.verification.method, 'dns');
      assert.equal(answer.certificate.source, 'acme', JSON.stringify(answer.certificate));
      assert.equal(answer.certificate.status, 'valid');
      assert.match(answer.certificate.issuer!, /Pebble/);
      const lifetime =
        new Date(answer.certificate.notAfter!).getTime() - new Date(answer.certificate.renewAt!).getTime();
      assert.ok(lifetime > 0, 'renews before it expires');

      // STARTTLS and direct TLS, each verifying the chain against pebble's root and the name.
      const alice = await loginRaw(ports.c2sPort, 'chat.acme.test', 'alice', PASSWORD, root);
      issued = new X509Certificate(alice.tlsSocket.getPeerX509Certificate()!.raw).fingerprint256;
      alice.close();
      assert.equal(await directTlsFingerprint('chat.acme.test'), issued);
      assert.deepEqual(answer.alerts, []);
    });

    it('reports a failed challenge, alerts the customer and staff once, and retries later', async () => {
      const host = await createHost(owner, 'broken.acme.test');
      const pending = await domainOf(owner, host.id);
      // The name points at an address nothing of ours listens on: pebble cannot fetch the answer.
      publish('broken.acme.test', pending, '127.0.0.2');
      const verified = await call(t, staff, 'POST', `/admin/hosts/${host.id}/domain/verify`, {
        reason: 'Customer showed the registrar record in ticket 42',
      });
      assert.equal(verified.statusCode, 200, verified.body);
      const answer = verified.json() as DomainAnswer;
      assert.equal(answer.verification.method, 'staff');
      assert.equal(answer.certificate.status, 'failed');
      assert.ok(answer.certificate.lastError);
      assert.deepEqual(
        answer.alerts.map((alert) => alert.kind),
        ['renewal_failed'],
      );
      const mails = await mailTo(/^Action needed for broken\.acme\.test$/);
      assert.equal(mails.length, 2, 'once to the customer, once to staff');
      await t.ctx.domains.sweep(); // not due again yet: no second attempt, no second email
      assert.equal((await mailTo(/^Action needed for broken\.acme\.test$/)).length, 2);

      const audit = await call(t, staff, 'GET', '/admin/audit?limit=5');
      assert.equal(audit.statusCode, 200, audit.body);
      const entry = (
        audit.json() as { items: { action: string; details: { reason?: string } | null }[] }
      ).items.find((event) => event.action === 'host.domain.verify');
      assert.equal(entry?.details?.reason, 'Customer showed the registrar record in ticket 42');

      const overview = await call(t, staff, 'GET', '/admin/domains');
      assert.equal(overview.statusCode, 200, overview.body);
      const rows = (
        overview.json() as { items: { domain: string; isFailing: boolean; customerName: string }[] }
      ).items;
      assert.equal(rows[0]!.domain, 'broken.acme.test', 'failures first');
      assert.equal(rows[0]!.customerName, 'Acme');
    });

    it('lets a verified claim by another customer take a name held unproven, and tells the loser', async () => {
      const squatted = await createHost(other, 'team.acme.test');
      const refused = await call(t, owner, 'POST', '/hosts', { domain: 'team.acme.test' });
      assert.equal(refused.statusCode, 409, refused.body);
      assert.equal(errorCode(refused), 'domain_claim_pending');
      const { recordName, recordValue } = refused.json().error.details as {
        recordName: string;
        recordValue: string;
      };
      assert.equal(recordName, '_imhost-verification.team.acme.test');
      assert.notEqual(recordValue, (await domainOf(other, squatted.id)).verification.record.value);

      dns.setTxt(recordName, [recordValue]);
      const taken = await call(t, owner, 'POST', '/hosts', { domain: 'team.acme.test' });
      assert.equal(taken.statusCode, 201, taken.body);
      assert.equal((await domainOf(owner, taken.json().id)).verification.status, 'verified');
      assert.equal((await call(t, other, 'GET', `/hosts/${squatted.id}`)).statusCode, 404);
      const lost = await mailTo(/^team\.acme\.test was claimed by its verified owner$/);
      assert.equal(lost.length, 1);
      assert.deepEqual(lost[0], [other.email], 'the owner of the host that lost the name');
    });

    it('lets an unproven claim expire after 7 days, after which anyone may take the name', async () => {
      const held = await createHost(owner, 'later.acme.test');
      const early = await call(t, other, 'POST', '/hosts', { domain: 'later.acme.test' });
      assert.equal(errorCode(early), 'domain_claim_pending');
      t.clock.advance(7 * 86_400_000 + 60_000);
      await t.ctx.domains.sweep();
      assert.equal((await domainOf(owner, held.id)).verification.status, 'expired');
      const taken = await call(t, other, 'POST', '/hosts', { domain: 'later.acme.test' });
      assert.equal(taken.statusCode, 201, taken.body);
      assert.equal((await domainOf(other, taken.json().id)).verification.status, 'pending');
      assert.equal((await mailTo(/^later\.acme\.test was claimed/)).length, 1);
    });
    it('alerts the customer once when a record that was right breaks, and clears it when fixed', async () => {
      const srv = `_xmpp-client._tcp.chat.acme.test`;
      dns.setSrv(srv, [{ priority: 0, weight: 5, port: 1, target: 'elsewhere.test' }]);
      t.clock.advance(86_400_000 + 60_000); // the daily re-check of a domain that was right
      await t.ctx.domains.sweep();
      const broken = await domainOf(owner, chat.id);
      const record = broken.dns.find((entry) => entry.name === srv)!;
      assert.equal(record.status, 'wrong');
      assert.match(
        record.explanation!,
        /points at elsewhere\.test port 1; it must point at imhost\.test port \d+/,
      );
      assert.deepEqual(
        broken.alerts.map((alert) => alert.kind),
        ['dns_broken'],
      );
      assert.equal(
        (await mailTo(/^Action needed for chat\.acme\.test$/)).length,
        2,
        'the customer and staff',
      );

      dns.setSrv(srv, [{ priority: 0, weight: 5, port: ports.c2sPort, target: SERVICE }]);
      const fixed = await domainOf(owner, chat.id, true);
      assert.deepEqual(fixed.alerts, []);
      assert.equal((await mailTo(/^Action needed for chat\.acme\.test$/)).length, 2);
    });

    it('never replaces a certificate the operator installed', async () => {
      const host = await createHost(owner, 'own.acme.test');
      const installed = await createSelfSignedCertificate('own.acme.test', t.clock.now());
      const put = await call(t, staff, 'PUT', `/admin/hosts/${host.id}/certificate`, {
        certPem: installed.certPem,
        keyPem: installed.keyPem,
      });
      assert.equal(put.statusCode, 200, put.body);
      publish('own.acme.test', await domainOf(owner, host.id));
      const answer = await domainOf(owner, host.id, true);
      assert.equal(answer.verification.status, 'verified');
      assert.equal(answer.certificate.source, 'operator');
      assert.equal(answer.certificate.renewAt, null);
      const client = await RawClient.connect(ports.c2sTlsPort, {
        tls: { servername: 'own.acme.test', ca: installed.certPem },
      });
      assert.equal(
        new X509Certificate(client.tlsSocket.getPeerX509Certificate()!.raw).fingerprint256,
        new X509Certificate(installed.certPem).fingerprint256,
      );
      client.close();
    });

    it('alerts staff and the customer when a port serves another certificate than the one issued', async () => {
      // A stale listener in front of the direct-TLS port, as a misconfigured proxy would be.
      const stale = await createSelfSignedCertificate('odd.acme.test', t.clock.now());
      const proxy = tls.createServer({ cert: stale.certPem, key: stale.keyPem }, (socket) => socket.end());
      await new Promise<void>((resolve) => proxy.listen(0, '127.0.0.1', resolve));
      t.ctx.domains.setTlsEndpoints({
        host: '127.0.0.1',
        starttlsPort: ports.c2sPort,
        directTlsPort: (proxy.address() as AddressInfo).port,
      });
      try {
        const host = await createHost(owner, 'odd.acme.test');
        publish('odd.acme.test', await domainOf(owner, host.id));
        const answer = await domainOf(owner, host.id, true);
        assert.equal(answer.certificate.source, 'acme');
        assert.equal(answer.certificate.status, 'mismatch');
        assert.deepEqual(
          answer.alerts.map((alert) => alert.kind),
          ['certificate_mismatch'],
        );
        assert.match(answer.alerts[0]!.message, /direct-tls: fingerprint/);
        assert.equal((await mailTo(/^Action needed for odd\.acme\.test$/)).length, 2);
      } finally {
        t.ctx.domains.setTlsEndpoints({
          host: '127.0.0.1',
          starttlsPort: ports.c2sPort,
          directTlsPort: ports.c2sTlsPort,
        });
        proxy.close();
      }
    });

    it('renews at two thirds of the lifetime, and new connections get the new certificate at once', async () => {
      const owned = { kind: 'customer', customerId: owner.customerId! } as const;
      const before = await t.ctx.domains.describe(owned, chat.id);
      t.clock.advance(new Date(before.certificate.renewAt!).getTime() - t.clock.now().getTime() + 60_000);
      await t.ctx.domains.sweep();
      // Years later the dashboard session is long gone: read through the service.
      const after = await t.ctx.domains.describe(owned, chat.id);
      assert.notEqual(after.certificate.notAfter, null);
      assert.ok(after.certificate.renewAt! > before.certificate.renewAt!, 'the next renewal moved on');
      const renewed = await directTlsFingerprint('chat.acme.test');
      assert.notEqual(renewed, issued);
      const alice = await loginRaw(ports.c2sPort, 'chat.acme.test', 'alice', PASSWORD, root);
      assert.equal(
        new X509Certificate(alice.tlsSocket.getPeerX509Certificate()!.raw).fingerprint256,
        renewed,
      );
      alice.close();
      // The operator's certificate installed earlier ran out meanwhile, and nothing renews it.
      const own = (await t.ctx.tenancy.findHostByDomain('own.acme.test'))!;
      const expired = await t.ctx.domains.describe(owned, own.id);
      assert.deepEqual(
        expired.alerts.map((alert) => alert.kind),
        ['certificate_expiring'],
      );
      assert.match(expired.alerts[0]!.message, /has expired/);
    });
  });

  describe(`domains with verification off, as on the embedded default (${dialect})`, () => {
    let t: TestApp;
    before(async () => {
      t = await startTestApp(dialect);
    });
    after(() => t.close());

    it('serves a new host at once, says plainly it is unverified, and keeps the self-signed certificate', async () => {
      assert.equal(t.config.domainVerification, 'off');
      const owner = await signUpCustomer(t, { organization: 'Newcomer' });
      const created = await call(t, owner, 'POST', '/hosts', { domain: 'chat.example.test' });
      assert.equal(created.statusCode, 201, created.body);
      const host = created.json() as { id: string };
      assert.equal(
        (await call(t, owner, 'POST', `/hosts/${host.id}/members`, { username: 'alice', password: PASSWORD }))
          .statusCode,
        201,
      );
      const answer = (await call(t, owner, 'GET', `/hosts/${host.id}/domain`)).json() as DomainAnswer;
      assert.equal(answer.verification.status, 'unverified');
      assert.equal(answer.certificate.source, 'self_signed');
      assert.equal(answer.certificate.status, 'self_signed');
      const ports = await t.xmpp.start();
      const { certPem } = await t.ctx.certificates.ensure('chat.example.test');
      const alice = await loginRaw(ports.c2sPort, 'chat.example.test', 'alice', PASSWORD, certPem);
      alice.close();
    });
  });

  describe(`domains on the provider's hosted domain, verification required (${dialect})`, () => {
    let t: TestApp;
    before(async () => {
      t = await startTestApp(dialect, {
        IMHOST_DOMAIN_VERIFICATION: 'required',
        IMHOST_HOSTED_DOMAIN: 'im.example.net',
      });
    });
    after(() => t.close());

    it('verifies a name under the hosted domain at once and serves it, asking no TXT record', async () => {
      const owner = await signUpCustomer(t, { organization: 'Hosted' });
      const created = await call(t, owner, 'POST', '/hosts', { domain: 'team.im.example.net' });
      assert.equal(created.statusCode, 201, created.body);
      const host = created.json() as { id: string };
      const member = await call(t, owner, 'POST', `/hosts/${host.id}/members`, {
        username: 'alice',
        password: PASSWORD,
      });
      assert.equal(member.statusCode, 201, member.body);
      const answer = (await call(t, owner, 'GET', `/hosts/${host.id}/domain`)).json() as DomainAnswer;
      assert.equal(answer.verification.status, 'verified');
      assert.equal(answer.verification.method, 'hosted');
      assert.deepEqual(
        answer.dns.map((record) => record.type),
        ['SRV', 'SRV', 'CNAME'],
      );
      const ports = await t.xmpp.start();
      const { certPem } = await t.ctx.certificates.ensure('team.im.example.net');
      const alice = await loginRaw(ports.c2sPort, 'team.im.example.net', 'alice', PASSWORD, certPem);
      alice.close();
    });
  });
}
