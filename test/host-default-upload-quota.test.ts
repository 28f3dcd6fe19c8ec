/**
 * A host without a plan is held to the default upload quota (IMHOST_DEFAULT_UPLOAD_QUOTA_MB), not
 * granted any number of slots: a file over it is too large, open slots and stored files count
 * against it, and the host page shows it. A plan's own quota replaces it.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { startTestApp, type TestApp } from './support/app.js';
import { testDialects } from './support/databases.js';
import { type Actor, signUpCustomer } from './support/actors.js';
import { call } from './support/api-client.js';
import type { Element } from '../src/xmpp/stanza/index.js';
import { request, type RawClient } from './xmpp/raw-client.js';
import { hostWithMemberOnline } from './xmpp/raw-host.js';

const NS = 'urn:xmpp:http:upload:0';
const DOMAIN = 'noplan.quota.test';
const MIB = 1024 * 1024;

for (const dialect of testDialects()) {
  describe(`Default upload quota of a host without a plan (${dialect})`, () => {
    let t: TestApp;
    let owner: Actor;
    let hostId: string;
    let member: RawClient;

    const askSlot = (filename: string, size: number) =>
      request(
        member,
        `<iq type='get' to='${DOMAIN}'><request xmlns='${NS}' filename='${filename}' size='${size}'/></iq>`,
      );

    const hasSlot = (reply: Element) => reply.getChild('slot', NS) !== undefined;

    before(async () => {
      t = await startTestApp(dialect, { IMHOST_DEFAULT_UPLOAD_QUOTA_MB: '1' });
      const { c2sPort } = await t.xmpp.start();
      owner = await signUpCustomer(t, { organization: 'Noplan' });
      ({ hostId, member } = await hostWithMemberOnline(t, owner, DOMAIN, c2sPort));
    });
    after(async () => {
      member?.close();
      await t.close();
    });

    it('refuses a file over the default quota, and slots beyond it', async () => {
      const tooBig = await askSlot('big.bin', MIB + 1);
      assert.equal(
        tooBig.getChild('error')?.getChild('file-too-large', NS)?.getChildText('max-file-size'),
        '1048576',
      );
      assert.ok(hasSlot(await askSlot('a.bin', 600_000)));
      assert.ok((await askSlot('b.bin', 600_000)).getChild('error')?.getChild('resource-constraint'));
      assert.ok(hasSlot(await askSlot('c.bin', MIB - 600_000)));
    });

    it('shows the default quota on the host page, and lets a plan replace it', async () => {
      const detail = async () => (await call(t, owner, 'GET', `/hosts/${hostId}`)).json();
      assert.deepEqual([(await detail()).entitlements, (await detail()).uploadQuotaMb], [null, 1]);
      await t.ctx.tenancy.hosts.setEntitlements(hostId, {
        maxMembers: 10,
        uploadQuotaMb: 2,
        archiveRetentionDays: 30,
        customDomain: false,
      });
      assert.equal((await detail()).uploadQuotaMb, 2);
      assert.ok(hasSlot(await askSlot('d.bin', 600_000)));
    });
  });
}
