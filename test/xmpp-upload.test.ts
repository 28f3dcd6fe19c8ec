/**
 * XEP-0363 HTTP File Upload end to end: @xmpp/client asks the host for a slot over STARTTLS, and
 * fetch PUTs and GETs the file on the product's own HTTP port (the whole app, as `imhost start`
 * builds it). Quota from the plan's entitlements, the maximum file size, single use, expiry on the
 * simulated clock, tenant isolation, partial uploads, deletion with the member or host, and a
 * malformed request over a raw socket.
 */
import assert from 'node:assert/strict';
import { existsSync, readdirSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import tls from 'node:tls';
import { after, before, describe, it } from 'node:test';
import { client, xml } from '@xmpp/client';
import type { Element } from '@xmpp/xml';
import {
  createUploadService,
  createUploadsRepository,
  uploadsRoot,
} from '../src/xmpp/modules/upload/index.js';
import { createXmppServer } from '../src/xmpp/server/index.js';
import { signUpCustomer } from './support/actors.js';
import { startTestApp, type TestApp } from './support/app.js';
import { testDialects } from './support/databases.js';
import { registeredModule } from './xmpp/module-kit.js';
import { loginRaw, request } from './xmpp/raw-client.js';

const NS = 'urn:xmpp:http:upload:0';
const PASSWORD = 'correct horse battery';
const PUBLIC_URL = 'http://imhost.test';
const MAX_FILE_BYTES = 2_000_000;
const MIB = 1024 * 1024;

// @xmpp/client trusts only the system's CAs; hand it the certificate of the host it upgrades to,
// as NODE_EXTRA_CA_CERTS does for the client in test/xmpp-client.test.ts.
const trusted = new Map<string, string>();
const tlsConnect = tls.connect;
(tls as { connect: unknown }).connect = (options: tls.ConnectionOptions, ...rest: unknown[]) =>
  (tlsConnect as (...a: unknown[]) => tls.TLSSocket)(
    options.ca === undefined && options.host && trusted.has(options.host)
      ? { ...options, ca: trusted.get(options.host) }
      : options,
    ...rest,
  );

type XmppClient = ReturnType<typeof client>;

/** Resolves once `condition` holds, checking after each turn of the event loop (no timers). */
async function until(condition: () => boolean | Promise<boolean>): Promise<void> {
  while (!(await condition())) await new Promise((resolve) => setImmediate(resolve));
}

function bytes(size: number, seed = 1): Buffer {
  const buffer = Buffer.alloc(size);
  for (let i = 0; i < size; i++) buffer[i] = (i * 31 + seed) % 251;
  return buffer;
}

for (const dialect of testDialects()) {
  describe(`XEP-0363 HTTP File Upload (${dialect})`, () => {
    let t: TestApp;
    let c2sPort: number;
    let base: string;
    const hostIds = new Map<string, string>();
    const clients = new Map<string, Promise<XmppClient>>();

    async function addHost(domain: string, members: string[]): Promise<void> {
      const customer = await t.ctx.accounts.signUp(
        {
          email: `owner@${domain}`,
          password: 'a long enough password',
          name: 'Owner',
          organization: domain,
        },
        { ip: '127.0.0.1', userAgent: 'test' },
      );
      const host = await t.ctx.tenancy.createHost({ customerId: customer.customer.id, domain });
      hostIds.set(domain, host.id);
      for (const username of members) await t.ctx.tenancy.addMember({ domain, username, password: PASSWORD });
      trusted.set(domain, (await t.xmpp.certificates.ensure(domain)).certPem);
    }

    /** One session per member for the whole suite: logins are the slow part. */
    function connect(domain: string, username: string): Promise<XmppClient> {
      const jid = `${username}@${domain}`;
      let session = clients.get(jid);
      if (!session) {
        const xmpp = client({
          service: `xmpp://127.0.0.1:${c2sPort}`,
          domain,
          username,
          password: PASSWORD,
          resource: 'up',
          // The default 2 s for each stream step is short on a loaded test machine.
          timeout: 30_000,
        });
        xmpp.reconnect.stop();
        xmpp.on('error', () => {});
        session = xmpp.start().then(() => xmpp);
        clients.set(jid, session);
      }
      return session;
    }

    /** The slot (put and get URLs on our test port), or the stanza error. */
    async function requestSlot(
      xmpp: XmppClient,
      to: string,
      attrs: Record<string, string>,
    ): Promise<
      | { putUrl: string; getUrl: string; error?: undefined }
      | { error: { condition: string; text: string; type: string; application?: Element } }
    > {
      try {
        const reply = await xmpp.iqCaller.request(
          xml('iq', { type: 'get', to }, xml('request', { xmlns: NS, ...attrs })),
        );
        const slot = reply.getChild('slot', NS)!;
        const local = (url: string) => {
          assert.ok(url.startsWith(`${PUBLIC_URL}/upload/`), url);
          return base + url.slice(PUBLIC_URL.length);
        };
        return {
          putUrl: local(slot.getChild('put')!.attrs.url as string),
          getUrl: local(slot.getChild('get')!.attrs.url as string),
        };
      } catch (error) {
        const e = error as { condition?: string; text?: string; type?: string; application?: Element };
        if (!e.condition) throw error;
        return {
          error: {
            condition: e.condition,
            text: e.text ?? '',
            type: e.type ?? '',
            application: e.application,
          },
        };
      }
    }

    async function slotOrFail(xmpp: XmppClient, to: string, attrs: Record<string, string>) {
      const result = await requestSlot(xmpp, to, attrs);
      assert.ok(!result.error, JSON.stringify(result.error));
      return result as { putUrl: string; getUrl: string };
    }

    function put(url: string, body: Buffer, contentType?: string): Promise<Response> {
      return fetch(url, {
        method: 'PUT',
        body,
        headers: contentType ? { 'content-type': contentType } : {},
      });
    }

    async function errorCode(response: Response): Promise<string> {
      return ((await response.json()) as { error: { code: string } }).error.code;
    }

    const hostFolder = (domain: string) => path.join(t.config.dataDir, 'uploads', hostIds.get(domain)!);
    const filesOf = (domain: string) =>
      existsSync(hostFolder(domain)) ? readdirSync(hostFolder(domain)) : [];
    const storedBytes = async (domain: string) =>
      (await t.xmpp.storageBytesByHost()).get(hostIds.get(domain)!) ?? 0;

    before(async () => {
      t = await startTestApp(dialect, {
        IMHOST_PUBLIC_URL: PUBLIC_URL,
        IMHOST_UPLOAD_MAX_FILE_BYTES: String(MAX_FILE_BYTES),
      });
      ({ c2sPort } = await t.xmpp.start());
      await t.app.listen({ port: 0, host: '127.0.0.1' });
      base = `http://127.0.0.1:${(t.app.server.address() as AddressInfo).port}`;
      await addHost('files.example.test', ['alice', 'bob']);
      await addHost('other.example.test', ['mallory']);
      await addHost('quota.example.test', ['carol']);
      await addHost('gone.example.test', ['dave']);
    });
    after(async () => {
      for (const session of clients.values()) await (await session).stop().catch(() => undefined);
      await t.close();
    });

    it('announces the service and its largest file in disco#info', async () => {
      const alice = await connect('files.example.test', 'alice');
      const info = await alice.iqCaller.request(
        xml(
          'iq',
          { type: 'get', to: 'files.example.test' },
          xml('query', { xmlns: 'http://jabber.org/protocol/disco#info' }),
        ),
      );
      const query = info.getChild('query')!;
      assert.ok(query.getChildren('feature').some((f: Element) => f.attrs.var === NS));
      // XEP-0363 §2: the host domain is both the server and the upload service.
      const identities = query
        .getChildren('identity')
        .map((i: Element) => `${i.attrs.category}/${i.attrs.type}/${i.attrs.name}`);
      assert.ok(identities.includes('server/im/imhost'), identities.join());
      assert.ok(identities.includes('store/file/HTTP File Upload'), identities.join());
      const form = query
        .getChildren('x', 'jabber:x:data')
        .find((x: Element) => x.getChildren('field').some((f: Element) => f.getChildText('value') === NS))!;
      const maxSize = form.getChildren('field').find((f: Element) => f.attrs.var === 'max-file-size')!;
      assert.equal(maxSize.getChildText('value'), String(MAX_FILE_BYTES));
    });

    it('stores a PUT and serves it by GET with safe headers', async () => {
      const alice = await connect('files.example.test', 'alice');
      // Larger than the API's JSON body limit (1 MiB): uploads stream past it.
      const content = bytes(1_500_000);
      const slot = await slotOrFail(alice, 'files.example.test', {
        filename: 'très cool.png',
        size: String(content.length),
        'content-type': 'image/png',
      });
      assert.notEqual(slot.putUrl, slot.getUrl);

      const preflight = await fetch(slot.putUrl, {
        method: 'OPTIONS',
        headers: { origin: 'https://web.example', 'access-control-request-method': 'PUT' },
      });
      assert.equal(preflight.status, 204);
      assert.equal(preflight.headers.get('access-control-allow-origin'), '*');
      assert.match(preflight.headers.get('access-control-allow-methods')!, /PUT/);
      assert.match(preflight.headers.get('access-control-allow-headers')!, /Content-Type/);

      const stored = await put(slot.putUrl, content, 'image/png');
      assert.equal(stored.status, 201);
      assert.equal(stored.headers.get('access-control-allow-origin'), '*');

      const got = await fetch(slot.getUrl);
      assert.equal(got.status, 200);
      assert.deepEqual(Buffer.from(await got.arrayBuffer()), content);
      assert.equal(got.headers.get('content-type'), 'image/png');
      assert.equal(got.headers.get('content-length'), String(content.length));
      assert.equal(
        got.headers.get('content-disposition'),
        `inline; filename="tr_s cool.png"; filename*=UTF-8''tr%C3%A8s%20cool.png`,
      );
      assert.equal(got.headers.get('x-content-type-options'), 'nosniff');
      assert.match(got.headers.get('content-security-policy')!, /default-src 'none'.*sandbox/);
      assert.equal(got.headers.get('access-control-allow-origin'), '*');

      const head = await fetch(slot.getUrl, { method: 'HEAD' });
      assert.equal(head.status, 200);
      assert.equal(head.headers.get('content-length'), String(content.length));

      // The PUT URL's secret does not read the file, and the GET URL's does not write it.
      assert.equal((await fetch(slot.putUrl)).status, 404);
      assert.equal(await errorCode(await put(slot.getUrl, content, 'image/png')), 'upload_not_found');

      assert.equal(await storedBytes('files.example.test'), content.length);
      assert.equal(filesOf('files.example.test').length, 1);
    });

    it('serves anything but plain media as an attachment, and untyped files as octet-stream', async () => {
      const alice = await connect('files.example.test', 'alice');
      const page = Buffer.from('<script>alert(1)</script>');
      const html = await slotOrFail(alice, 'files.example.test', {
        filename: 'page.html',
        size: String(page.length),
        'content-type': 'text/html',
      });
      assert.equal((await put(html.putUrl, page, 'text/html')).status, 201);
      const served = await fetch(html.getUrl);
      assert.equal(served.headers.get('content-type'), 'text/html');
      assert.match(served.headers.get('content-disposition')!, /^attachment;/);

      const untyped = await slotOrFail(alice, 'files.example.test', {
        filename: 'blob.bin',
        size: String(page.length),
      });
      assert.equal((await put(untyped.putUrl, page, 'text/html')).status, 201);
      const blob = await fetch(untyped.getUrl);
      assert.equal(blob.headers.get('content-type'), 'application/octet-stream');
      assert.match(blob.headers.get('content-disposition')!, /^attachment;/);
    });

    it('takes exactly one PUT per slot', async () => {
      const alice = await connect('files.example.test', 'alice');
      const first = bytes(1000, 1);
      const slot = await slotOrFail(alice, 'files.example.test', {
        filename: 'once.txt',
        size: '1000',
        'content-type': 'text/plain',
      });
      assert.equal((await put(slot.putUrl, first, 'text/plain')).status, 201);
      const again = await put(slot.putUrl, bytes(1000, 2), 'text/plain');
      assert.equal(again.status, 409);
      assert.equal(await errorCode(again), 'upload_slot_used');
      assert.deepEqual(Buffer.from(await (await fetch(slot.getUrl)).arrayBuffer()), first);
    });

    it('takes a PUT that carries a dashboard session cookie but no CSRF token (same-origin web clients)', async () => {
      const browser = await signUpCustomer(t);
      const cookie = [...browser.cookies].map(([name, value]) => `${name}=${value}`).join('; ');
      assert.match(cookie, /imhost_session=/);
      const alice = await connect('files.example.test', 'alice');
      const body = bytes(300, 7);
      const slot = await slotOrFail(alice, 'files.example.test', {
        filename: 'cookie.txt',
        size: '300',
        'content-type': 'text/plain',
      });
      const response = await fetch(slot.putUrl, {
        method: 'PUT',
        body,
        headers: { 'content-type': 'text/plain', cookie },
      });
      assert.equal(response.status, 201, await response.clone().text());
      assert.deepEqual(Buffer.from(await (await fetch(slot.getUrl)).arrayBuffer()), body);
    });

    it('refuses a PUT of another size or content type, and then takes the right one', async () => {
      const alice = await connect('files.example.test', 'alice');
      const slot = await slotOrFail(alice, 'files.example.test', {
        filename: 'exact.jpg',
        size: '5000',
        'content-type': 'image/jpeg',
      });
      const shorter = await put(slot.putUrl, bytes(4999), 'image/jpeg');
      assert.equal(shorter.status, 400);
      assert.equal(await errorCode(shorter), 'upload_size_mismatch');
      const longer = await put(slot.putUrl, bytes(5001), 'image/jpeg');
      assert.equal(await errorCode(longer), 'upload_size_mismatch');
      const wrongType = await put(slot.putUrl, bytes(5000), 'image/png');
      assert.equal(wrongType.status, 415);
      assert.equal(await errorCode(wrongType), 'upload_content_type_mismatch');
      assert.equal((await fetch(slot.getUrl)).status, 404);

      assert.equal((await put(slot.putUrl, bytes(5000), 'IMAGE/JPEG')).status, 201);
      assert.equal((await fetch(slot.getUrl)).status, 200);
    });

    it('refuses a PUT after the slot expired', async () => {
      const alice = await connect('files.example.test', 'alice');
      const slot = await slotOrFail(alice, 'files.example.test', { filename: 'late.txt', size: '10' });
      t.clock.advance(300_000);
      const late = await put(slot.putUrl, bytes(10));
      assert.equal(late.status, 410);
      assert.equal(await errorCode(late), 'upload_slot_expired');
    });

    it('refuses a file over the maximum size with file-too-large', async () => {
      const alice = await connect('files.example.test', 'alice');
      const result = await requestSlot(alice, 'files.example.test', {
        filename: 'huge.iso',
        size: String(MAX_FILE_BYTES + 1),
      });
      assert.equal(result.error?.condition, 'not-acceptable');
      assert.equal(result.error.type, 'modify');
      assert.ok(result.error.application?.is('file-too-large', NS));
      assert.equal(result.error.application?.getChildText('max-file-size'), String(MAX_FILE_BYTES));
    });

    it("holds the host's members to the plan's upload quota", async () => {
      const domain = 'quota.example.test';
      await t.ctx.tenancy.hosts.setEntitlements(hostIds.get(domain)!, {
        maxMembers: 10,
        uploadQuotaMb: 1,
        archiveRetentionDays: 30,
        customDomain: false,
      });
      const carol = await connect(domain, 'carol');

      const tooBig = await requestSlot(carol, domain, { filename: 'big.bin', size: String(MIB + 1) });
      assert.equal(tooBig.error?.condition, 'not-acceptable');
      assert.equal(tooBig.error.application?.getChildText('max-file-size'), String(MIB));

      const first = await slotOrFail(carol, domain, { filename: 'a.bin', size: '600000' });
      assert.equal((await put(first.putUrl, bytes(600_000))).status, 201);
      // An open slot counts too, so concurrent uploads cannot overrun the quota.
      await slotOrFail(carol, domain, { filename: 'b.bin', size: '400000' });
      const over = await requestSlot(carol, domain, { filename: 'c.bin', size: '100000' });
      assert.equal(over.error?.condition, 'resource-constraint');
      assert.equal(over.error.type, 'wait');
      assert.match(over.error.text, /quota reached.*1 MB.*1 MB are in use/i);

      // The open slot expires unused and no longer counts.
      t.clock.advance(301_000);
      const fits = await slotOrFail(carol, domain, { filename: 'c.bin', size: '100000' });
      assert.equal((await put(fits.putUrl, bytes(100_000))).status, 201);
      assert.equal(await storedBytes(domain), 700_000);

      // Without a plan the default quota (IMHOST_DEFAULT_UPLOAD_QUOTA_MB, 100 MB) applies instead.
      await t.ctx.tenancy.hosts.setEntitlements(hostIds.get(domain)!, null);
      await slotOrFail(carol, domain, { filename: 'd.bin', size: String(MAX_FILE_BYTES) });
    });

    it("keeps one host's members away from another host's uploads", async () => {
      const alice = await connect('files.example.test', 'alice');
      const mallory = await connect('other.example.test', 'mallory');

      const foreign = await requestSlot(mallory, 'files.example.test', { filename: 'x.txt', size: '10' });
      assert.equal(foreign.error?.condition, 'not-allowed');

      const content = bytes(100);
      const slot = await slotOrFail(alice, 'files.example.test', { filename: 'mine.txt', size: '100' });
      const own = await slotOrFail(mallory, 'other.example.test', { filename: 'mine.txt', size: '100' });
      // Mallory's slot secret does not open Alice's slot, nor does her host's domain lead to it.
      const [, , , aliceId, , name] = new URL(slot.putUrl).pathname.split('/');
      const [, , , , mallorySecret] = new URL(own.putUrl).pathname.split('/');
      const swapped = `${base}/upload/files.example.test/${aliceId}/${mallorySecret}/${name}`;
      assert.equal(await errorCode(await put(swapped, content)), 'upload_not_found');
      const viaOtherHost = slot.putUrl.replace('/upload/files.example.test/', '/upload/other.example.test/');
      assert.equal(await errorCode(await put(viaOtherHost, content)), 'upload_not_found');

      assert.equal((await put(slot.putUrl, content)).status, 201);
      const readViaOtherHost = slot.getUrl.replace(
        '/upload/files.example.test/',
        '/upload/other.example.test/',
      );
      assert.equal((await fetch(readViaOtherHost)).status, 404);
      assert.equal((await fetch(slot.getUrl)).status, 200);
    });

    it('leaves nothing behind when a PUT breaks off', async () => {
      const alice = await connect('files.example.test', 'alice');
      const before = await storedBytes('files.example.test');
      const filesBefore = filesOf('files.example.test');
      const slot = await slotOrFail(alice, 'files.example.test', { filename: 'cut.bin', size: '200000' });
      const url = new URL(slot.putUrl);
      const cut = http.request({
        method: 'PUT',
        host: url.hostname,
        port: url.port,
        path: url.pathname,
        headers: { 'content-length': '200000' },
      });
      cut.on('error', () => {});
      cut.write(bytes(100_000));
      // Once the server holds part of the body on disk, the client goes away.
      await until(() => filesOf('files.example.test').some((name) => name.startsWith('.partial-')));
      cut.destroy();
      // While the broken PUT holds the slot, another is refused as used; once it is cleaned up,
      // the slot is gone.
      await until(async () => (await put(slot.putUrl, bytes(1))).status === 404);
      assert.deepEqual(filesOf('files.example.test'), filesBefore);
      assert.equal(await storedBytes('files.example.test'), before);
    });

    it('deletes the files of a removed member and of a deleted host', async () => {
      const bob = await connect('files.example.test', 'bob');
      const slot = await slotOrFail(bob, 'files.example.test', { filename: 'bob.txt', size: '50' });
      assert.equal((await put(slot.putUrl, bytes(50))).status, 201);
      const filesWithBob = filesOf('files.example.test').length;
      await t.ctx.tenancy.members.remove({ kind: 'system' }, hostIds.get('files.example.test')!, 'bob');
      await until(() => filesOf('files.example.test').length === filesWithBob - 1);
      assert.equal((await fetch(slot.getUrl)).status, 404);

      const dave = await connect('gone.example.test', 'dave');
      const daves = await slotOrFail(dave, 'gone.example.test', { filename: 'dave.txt', size: '50' });
      assert.equal((await put(daves.putUrl, bytes(50))).status, 201);
      assert.equal(filesOf('gone.example.test').length, 1);
      await t.ctx.tenancy.hosts.delete({ kind: 'system' }, hostIds.get('gone.example.test')!);
      await until(() => !existsSync(hostFolder('gone.example.test')));
      assert.equal((await fetch(daves.getUrl)).status, 404);
      assert.equal((await t.xmpp.storageBytesByHost()).has(hostIds.get('gone.example.test')!), false);
    });

    it("refuses a suspended host's files and slots, and serves them again once it is reactivated", async () => {
      const domain = 'paused.example.test';
      await addHost(domain, ['frank']);
      const hostId = hostIds.get(domain)!;
      const frank = await connect(domain, 'frank');
      const content = bytes(2000, 3);
      const stored = await slotOrFail(frank, domain, { filename: 'kept.bin', size: '2000' });
      assert.equal((await put(stored.putUrl, content)).status, 201);
      const open = await slotOrFail(frank, domain, { filename: 'later.bin', size: '10' });

      await t.ctx.tenancy.hosts.changeStatus({ kind: 'system' }, hostId, {
        status: 'suspended',
        reason: 'non_payment',
      });
      const refused = await fetch(stored.getUrl);
      assert.equal(refused.status, 403);
      const body = (await refused.json()) as { error: { code: string; message: string } };
      assert.equal(body.error.code, 'upload_host_suspended');
      assert.match(body.error.message, /suspended/);
      assert.equal((await fetch(stored.getUrl, { method: 'HEAD' })).status, 403);
      const late = await put(open.putUrl, bytes(10));
      assert.equal(late.status, 403);
      assert.equal(await errorCode(late), 'upload_host_suspended');
      // Kept, not deleted: still on disk and still metered.
      assert.equal(filesOf(domain).length, 1);
      assert.equal(await storedBytes(domain), 2000);

      await t.ctx.tenancy.hosts.changeStatus({ kind: 'system' }, hostId, { status: 'active' });
      const served = await fetch(stored.getUrl);
      assert.equal(served.status, 200);
      assert.deepEqual(Buffer.from(await served.arrayBuffer()), content);
      assert.equal((await fetch(stored.getUrl, { method: 'HEAD' })).status, 200);
      assert.equal((await put(open.putUrl, bytes(10))).status, 201);

      // A terminated host's files look absent.
      await t.ctx.tenancy.hosts.changeStatus({ kind: 'system' }, hostId, { status: 'terminated' });
      assert.equal((await fetch(stored.getUrl)).status, 404);
    });

    it("grants concurrent slot requests no more than the plan's upload quota", async () => {
      const domain = 'race.example.test';
      await addHost(domain, ['erin']);
      const hostId = hostIds.get(domain)!;
      await t.ctx.tenancy.hosts.setEntitlements(hostId, {
        maxMembers: 10,
        uploadQuotaMb: 1,
        archiveRetentionDays: 30,
        customDomain: false,
      });
      // Called directly: one XMPP stream handles its stanzas one at a time, and this is what a
      // second server process on the same database would do. The host has no lock row yet, so the
      // first reservations also race to create it.
      const { directory } = t.ctx.tenancy;
      const uploads = createUploadService({
        repository: createUploadsRepository(t.database.db),
        clock: t.clock,
        quotaMb: async (id) => (await directory.entitlements(id)).uploadQuotaMb,
        memberExists: (id, username) => directory.memberExists(id, username),
        root: uploadsRoot(t.config.dataDir),
        publicUrl: PUBLIC_URL,
        maxFileBytes: MAX_FILE_BYTES,
      });
      const quotaBytes = MIB;
      const size = 300_000; // three fit in 1 MiB, a fourth does not
      const fits = Math.floor(quotaBytes / size);
      const request = (i: number) =>
        uploads.requestSlot({
          host: { id: hostId, domain },
          username: 'erin',
          request: { filename: `r${i}.bin`, size, contentType: null },
          validitySeconds: 300,
        });
      const reservedBytes = async () => {
        const { total } = await t.database.db
          .selectFrom('xmpp_uploads')
          .select((eb) => eb.fn.coalesce(eb.fn.sum<number | string>('size'), eb.lit(0)).as('total'))
          .where('host_id', '=', hostId)
          .executeTakeFirstOrThrow();
        return Number(total);
      };

      for (const round of [1, 2]) {
        const results = await Promise.all(Array.from({ length: 10 }, (_, i) => request(round * 100 + i)));
        const kinds = results.map((r) => r.kind);
        assert.equal(kinds.filter((k) => k === 'slot').length, fits, `round ${round}: ${kinds.join()}`);
        assert.equal(kinds.filter((k) => k === 'quota-reached').length, 10 - fits, kinds.join());
        assert.equal(await reservedBytes(), fits * size);
        assert.ok((await reservedBytes()) <= quotaBytes);
        // Once these slots expire unused, the next round competes for the whole quota again.
        t.clock.advance(301_000);
      }

      // Over XMPP, the refusal is resource-constraint.
      await Promise.all(Array.from({ length: fits }, (_, i) => request(900 + i)));
      const erin = await connect(domain, 'erin');
      const over = await requestSlot(erin, domain, { filename: 'one-more.bin', size: String(size) });
      assert.equal(over.error?.condition, 'resource-constraint');
      assert.ok((await reservedBytes()) <= quotaBytes);
    });

    it('catches up at start-up with members deleted and uploads cut short while it was down', async () => {
      const domain = 'quota.example.test';
      const carolsFiles = filesOf(domain);
      assert.ok(carolsFiles.length > 0);
      const aliceFiles = filesOf('files.example.test');
      writeFileSync(path.join(hostFolder('files.example.test'), '.partial-upl_crashed-0a1b'), 'half');
      writeFileSync(path.join(hostFolder('files.example.test'), 'upl_without_a_row'), 'orphan');
      // As another process (the CLI) would, without an event reaching this server.
      await t.database.db
        .deleteFrom('members')
        .where('host_id', '=', hostIds.get(domain)!)
        .where('username', '=', 'carol')
        .execute();

      const restarted = createXmppServer({
        config: t.config,
        clock: t.clock,
        logger: t.ctx.logger,
        database: t.database,
        tenancy: t.ctx.tenancy,
        certificates: t.xmpp.certificates,
        modules: ['disco', 'upload'].map(registeredModule),
      });
      await restarted.start();
      await restarted.stop();

      assert.deepEqual(filesOf(domain), []);
      assert.equal(await storedBytes(domain), 0);
      assert.deepEqual(filesOf('files.example.test'), aliceFiles);
    });

    it('answers malformed slot requests with bad-request (raw socket)', async () => {
      const ca = trusted.get('files.example.test')!;
      const raw = await loginRaw(c2sPort, 'files.example.test', 'alice', PASSWORD, ca);
      for (const attrs of [
        "filename='a.txt'",
        "filename='a.txt' size='-5'",
        "filename='a.txt' size='12abc'",
        "filename='../etc/passwd' size='10'",
        "filename='' size='10'",
        "filename='a.txt' size='10' content-type='not a type'",
      ]) {
        const reply = await request(
          raw,
          `<iq type='get' to='files.example.test'><request xmlns='${NS}' ${attrs}/></iq>`,
        );
        assert.equal(reply.attrs.type, 'error', attrs);
        assert.ok(
          reply.getChild('error')?.getChild('bad-request', 'urn:ietf:params:xml:ns:xmpp-stanzas'),
          `${attrs}: ${reply.toString()}`,
        );
      }
      raw.close();
    });
  });
}
