/**
 * IM hosts as a customer sets them up for members' apps to find: a member, the SRV records on the
 * test's DNS server, and a certificate from the test's CA (trusted, expired) or none (self-signed).
 */
import assert from 'node:assert/strict';
import type { TestApp } from './app.js';
import type { CustomerActor } from './actors.js';
import type { TestDnsServer } from './dns-server.js';
import type { TestCa } from './test-ca.js';

const DAY_MS = 86_400_000;
/** The name the SRV records point to; the test's DNS server gives it 127.0.0.1. */
export const SERVICE_NAME = 'xmpp.imhost.test';

export interface ServedHostsSetup {
  t: TestApp;
  dns: TestDnsServer;
  ca: TestCa;
  ports: { c2sPort: number; c2sTlsPort: number };
  owner: CustomerActor;
}

export async function createServedHost(
  setup: ServedHostsSetup,
  domain: string,
  options: { records?: boolean; certificate?: 'trusted' | 'expired' | 'none'; memberPassword?: string } = {},
): Promise<string> {
  const { t, dns, ca, ports, owner } = setup;
  dns.setA(SERVICE_NAME, ['127.0.0.1']);
  const response = await owner.post('/hosts', { domain });
  assert.equal(response.statusCode, 201, response.body);
  const host = response.json<{ id: string }>();
  if (options.memberPassword) {
    const member = await owner.post(`/hosts/${host.id}/members`, {
      username: 'alice',
      password: options.memberPassword,
    });
    assert.equal(member.statusCode, 201, member.body);
  }
  if (options.records ?? true) {
    dns.setSrv(`_xmpp-client._tcp.${domain}`, [
      { priority: 0, weight: 5, port: ports.c2sPort, target: SERVICE_NAME },
    ]);
    dns.setSrv(`_xmpps-client._tcp.${domain}`, [
      { priority: 0, weight: 5, port: ports.c2sTlsPort, target: SERVICE_NAME },
    ]);
  }
  const kind = options.certificate ?? 'trusted';
  if (kind !== 'none') {
    const now = t.clock.now().getTime();
    const issued = await ca.issue(
      kind === 'trusted'
        ? // Valid on the simulated clock and on the machine's, whichever a check reads.
          { dnsNames: [domain], notBefore: new Date('2025-01-01'), notAfter: new Date('2030-01-01') }
        : {
            dnsNames: [domain],
            notBefore: new Date(now - 400 * DAY_MS),
            notAfter: new Date(now - 5 * DAY_MS),
          },
    );
    await t.ctx.certificates.install(domain, issued.certPem, issued.keyPem);
  }
  return host.id;
}
