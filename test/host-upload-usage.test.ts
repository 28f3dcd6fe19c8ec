/**
 * GET /hosts/{id} shows the upload bytes a host has in use, counted as the plan's upload quota
 * counts them: files uploaded over XEP-0363 and slots still open, not slots that expired unused.
 * The figure comes from the IM server through the port the composition root connects; without an
 * IM server (the CLI's composition) it is null. Another customer's host stays a 404.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { composeServices } from '../src/bin/compose.js';
import { startTestApp, type TestApp } from './support/app.js';
import { testDialects } from './support/databases.js';
import { type Actor, signUpCustomer } from './support/actors.js';
import { call } from './support/api-client.js';
import { errorCode } from './support/errors.js';
import { request, type RawClient } from './xmpp/raw-client.js';
import { hostWithMemberOnline } from './xmpp/raw-host.js';

const NS = 'urn:xmpp:http:upload:0';
const PUBLIC_URL = 'http://imhost.test';
const DOMAIN = 'files.usage.test';
const MIB = 1024 * 1024;

for (const dialect of testDialects()) {
  describe(`Upload storage in use on the host detail (${dialect})`, () => {
    let t: TestApp;
    let owner: Actor;
    let stranger: Actor;
    let hostId: string;
    let member: RawClient;

    const shownBytes = async (caller: Actor = owner) =>
      (await call(t, caller, 'GET', `/hosts/${hostId}`)).json().uploadStorageBytes as number | null;

    const askSlot = (filename: string, size: number) =>
      request(
        member,
        `<iq type='get' to='${DOMAIN}'><request xmlns='${NS}' filename='${filename}' size='${size}'/></iq>`,
      );

    /** Asks for a slot over XMPP; returns the PUT path on our own HTTP port. */
    async function slot(filename: string, size: number): Promise<string> {
      const reply = await askSlot(filename, size);
      const url = reply.getChild('slot', NS)?.getChild('put')?.attrs.url;
      assert.ok(typeof url === 'string', reply.toString());
      assert.ok(url.startsWith(`${PUBLIC_URL}/upload/`), url);
      return url.slice(PUBLIC_URL.length);
    }

    async function put(path: string, size: number): Promise<number> {
      const response = await t.app.inject({
        method: 'PUT',
        url: path,
        payload: Buffer.alloc(size, 7),
        headers: { 'content-type': 'application/octet-stream' },
      });
      return response.statusCode;
    }

    before(async () => {
      t = await startTestApp(dialect, { IMHOST_PUBLIC_URL: PUBLIC_URL });
      const { c2sPort } = await t.xmpp.start();
      owner = await signUpCustomer(t, { organization: 'Usage' });
      stranger = await signUpCustomer(t, { organization: 'Stranger' });
      ({ hostId, member } = await hostWithMemberOnline(t, owner, DOMAIN, c2sPort));
    });
    after(async () => {
      member?.close();
      await t.close();
    });

    it('shows 0 bytes before any upload, and the bytes stored after one', async () => {
      assert.equal(await shownBytes(), 0);
      const path = await slot('report.pdf', 123_456);
      assert.equal(await put(path, 123_456), 201);
      assert.equal(await shownBytes(), 123_456);
    });

    it('counts what the quota counts: open slots, until they expire unused', async () => {
      await t.ctx.tenancy.hosts.setEntitlements(hostId, {
        maxMembers: 10,
        uploadQuotaMb: 1,
        archiveRetentionDays: 30,
        customDomain: false,
      });
      await slot('pending.bin', 1000);
      assert.equal(await shownBytes(), 124_456);
      // The quota refuses one byte more than the shown figure leaves free, and grants exactly that.
      const free = MIB - 124_456;
      assert.ok((await askSlot('over.bin', free + 1)).getChild('error')?.getChild('resource-constraint'));
      await slot('fits.bin', free);
      assert.equal(await shownBytes(), MIB);
      // Past their validity (300 s) unused slots hold nothing, here as for the quota.
      t.clock.advance(301_000);
      assert.equal(await shownBytes(), 123_456);
    });

    it("keeps a host's storage from other customers", async () => {
      const response = await call(t, stranger, 'GET', `/hosts/${hostId}`);
      assert.equal(response.statusCode, 404);
      assert.equal(errorCode(response), 'host_not_found');
    });

    it('shows null when no IM server is connected (the CLI composition)', async () => {
      const services = await composeServices({
        config: t.config,
        database: t.database,
        clock: t.clock,
        migrate: false,
      });
      try {
        const detail = await services.ctx.tenancy.hosts.describe({ kind: 'system' }, hostId);
        assert.equal(detail.uploadStorageBytes, null);
      } finally {
        await services.close();
      }
    });
  });
}
