/**
 * What a production CA adds to ACME, against pebble behind a front that speaks it (pebble itself
 * has neither): the renewal window a CA suggests (RFC 9773 ARI), followed when the CA moves it, and
 * a rate limit (RFC 8555 §6.6) waited out for as long as the CA's Retry-After asks, not retried
 * inside the request nor sooner by the scheduler.
 */
import assert from 'node:assert/strict';
import type { X509Certificate } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import * as x509 from '@peculiar/x509';
import { startAcmeTestApp, SERVICE, type AcmeTestApp } from './support/acme-app.js';
import type { AcmeFront } from './support/acme-front.js';
import { call } from './support/api-client.js';
import { signInStaff, signUpCustomer, type Actor } from './support/actors.js';
import type { TestApp } from './support/app.js';
import { testDialects } from './support/databases.js';
import type { TestDnsServer } from './support/dns-server.js';
import { RawClient } from './xmpp/raw-client.js';

const HOUR_MS = 3_600_000;
const DAY_MS = 24 * HOUR_MS;

interface CertificateAnswer {
  certificate: {
    source: string;
    status: string;
    notAfter: string | null;
    renewAt: string | null;
    lastError: string | null;
    nextAttemptAt: string | null;
  };
  verification: { record: { name: string; value: string } };
}

/** RFC 9773 §4.1's certificate identifier, computed here from the certificate a client is served. */
function ariIdOf(der: Buffer): string {
  const cert = new x509.X509Certificate(der);
  const aki = cert.getExtension(x509.AuthorityKeyIdentifierExtension)!.keyId!;
  let serial = Buffer.from(cert.serialNumber, 'hex');
  if (serial[0]! >= 0x80) serial = Buffer.concat([Buffer.from([0]), serial]);
  return `${Buffer.from(aki, 'hex').toString('base64url')}.${serial.toString('base64url')}`;
}

for (const dialect of testDialects()) {
  describe(`ACME renewal information and rate limits (${dialect})`, () => {
    let acme: AcmeTestApp;
    let t: TestApp;
    let dns: TestDnsServer;
    let front: AcmeFront;
    let root: string;
    let ports: { c2sPort: number; c2sTlsPort: number };
    let owner: Actor;
    let staff: Actor;

    before(async () => {
      acme = await startAcmeTestApp(dialect, { front: true });
      ({ t, dns, root, ports } = acme);
      front = acme.front!;
      owner = await signUpCustomer(t, { organization: 'Acme' });
      staff = await signInStaff(t, 'admin');
    });
    after(() => acme?.close());

    async function domainOf(hostId: string): Promise<CertificateAnswer> {
      const response = await call(t, owner, 'GET', `/hosts/${hostId}/domain`);
      assert.equal(response.statusCode, 200, response.body);
      return response.json() as CertificateAnswer;
    }
    /** A host whose records are right and which staff verified: its certificate is ordered now. */
    async function hostOrderingNow(domain: string): Promise<{ id: string; answer: CertificateAnswer }> {
      const created = await call(t, owner, 'POST', '/hosts', { domain });
      assert.equal(created.statusCode, 201, created.body);
      const host = created.json() as { id: string };
      const pending = await domainOf(host.id);
      dns.setTxt(pending.verification.record.name, [pending.verification.record.value]);
      dns.setSrv(`_xmpp-client._tcp.${domain}`, [
        { priority: 0, weight: 5, port: ports.c2sPort, target: SERVICE },
      ]);
      dns.setSrv(`_xmpps-client._tcp.${domain}`, [
        { priority: 0, weight: 5, port: ports.c2sTlsPort, target: SERVICE },
      ]);
      dns.setA(domain, ['127.0.0.1']);
      const checked = await call(t, owner, 'POST', `/hosts/${host.id}/domain/check`);
      assert.equal(checked.statusCode, 200, checked.body);
      return { id: host.id, answer: checked.json() as CertificateAnswer };
    }
    async function servedCertificate(domain: string): Promise<X509Certificate> {
      const client = await RawClient.connect(ports.c2sTlsPort, { tls: { servername: domain, ca: root } });
      const served = client.tlsSocket.getPeerX509Certificate()!;
      client.close();
      return served;
    }

    it('renews in the window the CA suggests, asks again when it says, and follows a window it moves', async () => {
      const issuedAt = t.clock.now().getTime();
      front.setRenewalWindow({
        start: new Date(issuedAt + 20 * DAY_MS),
        end: new Date(issuedAt + 22 * DAY_MS),
        retryAfterSeconds: 2 * 3600,
      });
      const { id, answer } = await hostOrderingNow('ari.acme.test');
      assert.equal(answer.certificate.source, 'acme', JSON.stringify(answer.certificate));
      // The middle of the CA's window, not two thirds of the lifetime.
      assert.equal(answer.certificate.renewAt, new Date(issuedAt + 21 * DAY_MS).toISOString());
      const first = await servedCertificate('ari.acme.test');
      assert.deepEqual(front.renewalInfoAsked, [ariIdOf(first.raw)]);

      // Before the CA's Retry-After has passed, nothing asks again.
      t.clock.advance(HOUR_MS);
      await t.ctx.domains.sweep();
      assert.equal(front.renewalInfoAsked.length, 1);

      // The CA pulls the window forward (as after a mass revocation); the next poll follows it.
      const movedAt = t.clock.now().getTime();
      front.setRenewalWindow({
        start: new Date(movedAt + 2 * HOUR_MS),
        end: new Date(movedAt + 4 * HOUR_MS),
      });
      t.clock.advance(HOUR_MS + 60_000);
      await t.ctx.domains.sweep();
      assert.equal(front.renewalInfoAsked.length, 2);
      const moved = await domainOf(id);
      assert.equal(moved.certificate.renewAt, new Date(movedAt + 3 * HOUR_MS).toISOString());
      assert.equal((await servedCertificate('ari.acme.test')).fingerprint256, first.fingerprint256);

      // At the new time it renews, and the listeners serve the new certificate at once (pebble dates
      // certificates by its own clock to the second, so the fingerprint tells them apart).
      front.setRenewalWindow(undefined);
      t.clock.advance(2 * HOUR_MS);
      await t.ctx.domains.sweep();
      const renewed = await domainOf(id);
      assert.equal(renewed.certificate.status, 'valid', JSON.stringify(renewed.certificate));
      assert.notEqual((await servedCertificate('ari.acme.test')).fingerprint256, first.fingerprint256);
    });

    it('waits out a rate limit for as long as the CA asks, then issues', async () => {
      front.rateLimitNewOrders('7200');
      const refusedBefore = front.newOrdersRefused;
      const limitedAt = t.clock.now().getTime();
      const { id, answer } = await hostOrderingNow('limited.acme.test');
      assert.equal(answer.certificate.status, 'failed', JSON.stringify(answer.certificate));
      assert.match(answer.certificate.lastError!, /rate limit was reached \(too many new orders/);
      // Two hours, as the CA asked: longer than the first backoff (an hour), and asked once.
      assert.equal(answer.certificate.nextAttemptAt, new Date(limitedAt + 2 * HOUR_MS).toISOString());
      assert.equal(front.newOrdersRefused, refusedBefore + 1);

      // The limit lifts at the CA, but an hour on the scheduler still waits as asked.
      front.rateLimitNewOrders(undefined);
      t.clock.advance(HOUR_MS);
      await t.ctx.domains.sweep();
      assert.equal((await domainOf(id)).certificate.status, 'failed');

      t.clock.advance(HOUR_MS + 60_000);
      await t.ctx.domains.sweep();
      const issued = await domainOf(id);
      assert.equal(issued.certificate.status, 'valid', JSON.stringify(issued.certificate));
      assert.equal(issued.certificate.nextAttemptAt, null);
      assert.equal(front.newOrdersRefused, refusedBefore + 1);

      // Staff see the failure and its recovery in the overview as the customer did.
      const overview = await call(t, staff, 'GET', '/admin/domains');
      assert.equal(overview.statusCode, 200, overview.body);
      assert.match(overview.body, /limited\.acme\.test/);
    });
  });
}
