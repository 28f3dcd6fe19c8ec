/**
 * The product with ACME on, against Debian's pebble and a DNS server of the test's own: what the
 * domain tests start with. `front` puts pebble behind the front that adds ARI and rate limits.
 */
import type { AddressInfo } from 'node:net';
import { startAcmeFront, type AcmeFront } from './acme-front.js';
import { startTestApp, type TestApp } from './app.js';
import type { Dialect } from '../../src/platform/db/index.js';
import { startDnsServer, type TestDnsServer } from './dns-server.js';
import { preparePebble, type Pebble } from './pebble.js';

/** The name the SRV records point at, resolving to loopback. */
export const SERVICE = 'imhost.test';

export interface AcmeTestApp {
  t: TestApp;
  dns: TestDnsServer;
  pebble: Pebble;
  front: AcmeFront | undefined;
  /** pebble's issuing root: what a client that trusts only this CA trusts. */
  root: string;
  ports: { c2sPort: number; c2sTlsPort: number };
  close(): Promise<void>;
}

export async function startAcmeTestApp(
  dialect: Dialect,
  options: { front?: boolean } = {},
): Promise<AcmeTestApp> {
  const dns = await startDnsServer();
  dns.setA(SERVICE, ['127.0.0.1']);
  const pebble = await preparePebble();
  const front = options.front ? await startAcmeFront(pebble) : undefined;
  const t = await startTestApp(dialect, {
    IMHOST_ACME_DIRECTORY_URL: front?.directoryUrl ?? pebble.directoryUrl,
    IMHOST_ACME_CA_FILE: pebble.listenerCaFile,
    IMHOST_ACME_EMAIL: 'ops@imhost.test',
    IMHOST_DNS_SERVERS: dns.address,
  });
  await t.app.listen({ host: '127.0.0.1', port: 0 });
  await pebble.start({ httpPort: (t.app.server.address() as AddressInfo).port, dnsPort: dns.port });
  const root = await pebble.issuingRoot();
  const ports = await t.xmpp.start();
  return {
    t,
    dns,
    pebble,
    front,
    root,
    ports,
    async close() {
      await t.close();
      await front?.close();
      await pebble.stop();
      await dns.close();
    },
  };
}
