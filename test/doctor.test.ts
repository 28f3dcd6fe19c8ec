/**
 * `imhost doctor` in its own process, as an operator runs it, against a running test server: real
 * listeners, a DNS server and a CA of the test's own, and a release feed over HTTP. Each kind of
 * failure gives its documented exit code and a finding that says what to fix.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import net, { type AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { signUpCustomer, type CustomerActor } from './support/actors.js';
import { startTestApp, type TestApp } from './support/app.js';
import { runImhost, type CliResult } from './support/cli.js';
import { testDialects } from './support/databases.js';
import { startDnsServer, type TestDnsServer } from './support/dns-server.js';
import { startFeedServer, type Feed } from './support/release-feed-server.js';
import { createServedHost } from './support/served-hosts.js';
import { createTestCa, type TestCa } from './support/test-ca.js';

interface Finding {
  check: string;
  subject: string;
  status: 'ok' | 'warn' | 'fail';
  detail: string;
}

const oldRelease = {
  version: '0.0.9',
  date: '2026-10-01',
  notes: 'Old.',
  url: 'https://imhost.example/0.0.9',
};
const newRelease = { version: '99.0.0', date: '2026-12-01', notes: 'New.', url: 'https://imhost.example/99' };

/** A port nothing listens on: taken from the system, then given back. */
async function closedPort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

for (const dialect of testDialects()) {
  describe(`imhost doctor on ${dialect}`, () => {
    let t: TestApp;
    let dns: TestDnsServer;
    let ca: TestCa;
    let ports: { c2sPort: number; c2sTlsPort: number };
    let owner: CustomerActor;
    let env: Record<string, string>;
    const feed: Feed = { status: 200, body: { releases: [oldRelease, newRelease] }, requests: 0 };
    let feedServer: Awaited<ReturnType<typeof startFeedServer>>;

    before(async () => {
      dns = await startDnsServer();
      ca = await createTestCa();
      feedServer = await startFeedServer(feed);
      const caFile = path.join(mkdtempSync(path.join(tmpdir(), 'imhost-doctor-')), 'ca.pem');
      writeFileSync(caFile, ca.rootPem);
      const shared = {
        IMHOST_DNS_SERVERS: dns.address,
        IMHOST_DOMAIN_VERIFICATION: 'off',
        IMHOST_DIAGNOSTICS_CA_FILE: caFile,
      };
      t = await startTestApp(dialect, shared);
      await t.app.listen({ host: '127.0.0.1', port: 0 });
      ports = await t.xmpp.start();
      owner = await signUpCustomer(t, { organization: 'Acme' });
      env = {
        ...shared,
        IMHOST_DATA_DIR: t.database.dataDir,
        IMHOST_DATABASE_URL: t.database.url,
        IMHOST_BIND: '127.0.0.1',
        IMHOST_HTTP_PORT: String((t.app.server.address() as AddressInfo).port),
        IMHOST_C2S_PORT: String(ports.c2sPort),
        IMHOST_C2S_TLS_PORT: String(ports.c2sTlsPort),
        IMHOST_RELEASE_FEED_URL: feedServer.url,
      };
      await createServedHost({ t, dns, ca, ports, owner }, 'healthy.example');
    });
    after(async () => {
      await t?.close();
      await dns?.close();
      await feedServer?.close();
    });

    async function doctor(
      overrides: Record<string, string> = {},
    ): Promise<CliResult & { findings: Finding[] }> {
      const result = await runImhost({ ...env, ...overrides }, ['doctor']);
      return { ...result, findings: (result.json.findings as Finding[] | undefined) ?? [] };
    }
    const of = (findings: Finding[], check: string, subject?: string) =>
      findings.filter((f) => f.check === check && (subject === undefined || f.subject === subject));

    it('passes a healthy node with an update available, and checks every part of it', async () => {
      const result = await doctor();
      assert.equal(result.code, 0, JSON.stringify(result.findings, null, 2));
      assert.equal(result.json.ok, true);
      for (const check of [
        'configuration',
        'database',
        'ports',
        'certificates',
        'dns',
        'disk_space',
        'clock',
        'release_feed',
      ])
        assert.ok(of(result.findings, check).length > 0, `${check} is checked`);
      assert.equal(
        of(result.findings, 'ports').length,
        3 + 2,
        'three listeners, and the host seen from outside',
      );
      assert.equal(of(result.findings, 'certificates', 'healthy.example')[0]!.status, 'ok');
      assert.equal(of(result.findings, 'dns', 'healthy.example')[0]!.status, 'ok');
      // An update is news, not a failure.
      const [announced] = of(result.findings, 'release_feed');
      assert.equal(announced!.status, 'warn');
      assert.match(announced!.detail, /imhost 99\.0\.0 is available/);
    });

    it('fails on a release feed it cannot read (exit 8)', async () => {
      feed.status = 500;
      const broken = await doctor();
      assert.equal(broken.code, 8, JSON.stringify(broken.findings));
      assert.equal(of(broken.findings, 'release_feed')[0]!.status, 'fail');
      feed.status = 200;
    });

    it('names a host whose DNS is wrong (exit 5) and one whose certificate expired (exit 4)', async () => {
      await createServedHost({ t, dns, ca, ports, owner }, 'nodns.example', { records: false });
      const wrongDns = await doctor();
      assert.equal(wrongDns.code, 5, JSON.stringify(wrongDns.findings));
      const [dnsFinding] = of(wrongDns.findings, 'dns', 'nodns.example');
      assert.equal(dnsFinding!.status, 'fail');
      assert.match(dnsFinding!.detail, /SRV _xmpp-client\._tcp\.nodns\.example/);

      await createServedHost({ t, dns, ca, ports, owner }, 'expired.example', { certificate: 'expired' });
      const expired = await doctor();
      assert.equal(expired.code, 4, 'certificates come before DNS');
      const [certificate] = of(expired.findings, 'certificates', 'expired.example');
      assert.equal(certificate!.status, 'fail');
      assert.match(certificate!.detail, /has expired/);
    });

    it('says when a port of its own does not answer (exit 3)', async () => {
      const result = await doctor({ IMHOST_HTTP_PORT: String(await closedPort()) });
      assert.equal(result.code, 3);
      const [http] = of(result.findings, 'ports').filter((f) => f.subject.startsWith('HTTP'));
      assert.equal(http!.status, 'fail');
      assert.match(http!.detail, /nothing listens/);
    });

    it('says when the database cannot be reached (exit 2) or the configuration is wrong (exit 1)', async () => {
      const database = await doctor({
        IMHOST_DATABASE_URL: `postgres://postgres@127.0.0.1:${await closedPort()}/none`,
      });
      assert.equal(database.code, 2);
      assert.equal(of(database.findings, 'database')[0]!.status, 'fail');
      assert.equal(
        of(database.findings, 'certificates')[0]!.status,
        'warn',
        'hosts are not checked without it',
      );

      const config = await doctor({ IMHOST_DNS_SERVERS: 'not a server' });
      assert.equal(config.code, 1);
      const [wrong] = of(config.findings, 'configuration');
      assert.equal(wrong!.status, 'fail');
      assert.equal(wrong!.subject, 'IMHOST_DNS_SERVERS');
    });
  });
}
