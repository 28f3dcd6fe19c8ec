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

export interface RawHosts {
  server: XmppTestServer;
  /** Each host's certificate (PEM), by domain. */
  cas: ReadonlyMap<string, string>;
}

/**
 * Registers the suite's hooks that start the server with these hosts and their members (by domain,
 * all with MEMBER_PASSWORD), then hand both to `use`; after the suite they close every client in the
 * returned list, then the server.
 */
export function serveRawHosts(
  dialect: Dialect,
  membersByDomain: Record<string, readonly string[]>,
  use: (hosts: RawHosts) => void,
): RawClient[] {
  const open: RawClient[] = [];
  let server: XmppTestServer | undefined;
  before(async () => {
    server = await startXmppTestServer(dialect);
    const cas = new Map<string, string>();
    for (const [domain, members] of Object.entries(membersByDomain)) {
      await server.addHost(domain);
      for (const member of members) await server.addMember(domain, member, MEMBER_PASSWORD);
      cas.set(domain, await server.certificatePem(domain));
    }
    use({ server, cas });
  });
  after(async () => {
    for (const client of open) client.close();
    await server?.close();
  });
  return open;
}

/** serveRawHosts with the one host `domain` and its twelve members. */
export function serveRawHost(dialect: Dialect, domain: string, use: (host: RawHost) => void): RawClient[] {
  return serveRawHosts(dialect, { [domain]: MEMBERS }, ({ server, cas }) =>
    use({ server, ca: cas.get(domain)! }),
  );
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
