/**
 * What the raw-socket conversation suites with one busy host share: a server whose host has twelve
 * members, so that each test can talk as people no other test touched, the host's certificate for
 * the clients to trust, and the raw clients the suite opens, closed with the server after it.
 */
import { after, before } from 'node:test';
import type { Dialect } from '../../src/platform/db/index.js';
import type { RawClient } from './raw-client.js';
import { startXmppTestServer, type XmppTestServer } from './server-harness.js';

/** The password of every member of the host. */
export const MEMBER_PASSWORD = 'correct horse battery';

const MEMBERS = [
  'alice',
  'bob',
  'carol',
  'dave',
  'erin',
  'frank',
  'gina',
  'hank',
  'ivan',
  'judy',
  'kate',
  'liam',
];

export interface RawHost {
  server: XmppTestServer;
  /** The host's certificate (PEM). */
  ca: string;
}

/**
 * Registers the suite's hooks that start the server with the host `domain` and its members (then
 * hand both to `use`), and close every client in the returned list, then the server, after the suite.
 */
export function serveRawHost(dialect: Dialect, domain: string, use: (host: RawHost) => void): RawClient[] {
  const open: RawClient[] = [];
  let server: XmppTestServer | undefined;
  before(async () => {
    server = await startXmppTestServer(dialect);
    await server.addHost(domain);
    for (const member of MEMBERS) await server.addMember(domain, member, MEMBER_PASSWORD);
    use({ server, ca: await server.certificatePem(domain) });
  });
  after(async () => {
    for (const client of open) client.close();
    await server?.close();
  });
  return open;
}
