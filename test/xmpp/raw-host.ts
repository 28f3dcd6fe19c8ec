/**
 * What the raw-socket conversation suites with one busy host share: a server whose host has twelve
 * members, so that each test can talk as people no other test touched, the host's certificate for
 * the clients to trust, and the raw clients the suite opens, closed with the server after it. And
 * for tests of the whole product: a customer's host with one member signed in.
 */
import assert from 'node:assert/strict';
import { after, before } from 'node:test';
import type { Dialect } from '../../src/platform/db/index.js';
import { call, type ApiClient } from '../support/api-client.js';
import type { TestApp } from '../support/app.js';
import { loginRaw, type RawClient } from './raw-client.js';
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

/**
 * A host that `owner` creates through the API, as the dashboard does, with its member alice signed
 * in over a raw socket to the product's XMPP server (started, listening on `c2sPort`).
 */
export async function hostWithMemberOnline(t: TestApp, owner: ApiClient, domain: string, c2sPort: number) {
  const created = await call(t, owner, 'POST', '/hosts', { domain });
  assert.equal(created.statusCode, 201, created.body);
  await t.ctx.tenancy.addMember({ domain, username: 'alice', password: MEMBER_PASSWORD });
  const ca = (await t.xmpp.certificates.ensure(domain)).certPem;
  const member = await loginRaw(c2sPort, domain, 'alice', MEMBER_PASSWORD, ca);
  return { hostId: created.json<{ id: string }>().id, member };
}
