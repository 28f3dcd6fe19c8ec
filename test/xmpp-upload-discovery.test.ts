/**
 * How clients find XEP-0363 HTTP File Upload. Conversations-style clients read the host domain's
 * disco#info; go-sendxmpp and some others look only among the domain's disco#items and take an
 * item whose disco#info says `store`/`file` (XEP-0363 §3). Both must find a service that works:
 * go-sendxmpp (Debian's) sends a file for real, and a raw socket walks the same steps.
 */
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import { testDialects } from './support/databases.js';
import type { Element } from '../src/xmpp/stanza/index.js';
import { messageWith, stanzaError } from './xmpp/element-match.js';
import { loginRaw, request, type RawClient } from './xmpp/raw-client.js';
import { MEMBER_PASSWORD, serveRawHosts } from './xmpp/raw-host.js';
import type { XmppTestServer } from './xmpp/server-harness.js';

const D = 'disco.example.test';
const OTHER = 'elsewhere.example.test';
const UPLOAD = 'urn:xmpp:http:upload:0';
const INFO = 'http://jabber.org/protocol/disco#info';
const ITEMS = 'http://jabber.org/protocol/disco#items';
/** The harness's IMHOST_PUBLIC_URL, on which slot URLs are built. */
const PUBLIC_URL = 'http://imhost.test';
const GUARD_MS = 30_000;

function runGoSendxmpp(
  args: string[],
  env: Record<string, string>,
): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn('go-sendxmpp', args, {
      stdio: ['pipe', 'pipe', 'pipe'],
      env: { ...process.env, ...env },
    });
    let output = '';
    // A guard, not a timing: a client stuck waiting for an answer fails the test instead of hanging.
    const guard = setTimeout(() => {
      output += `\n(killed after ${GUARD_MS} ms)`;
      child.kill('SIGKILL');
    }, GUARD_MS);
    child.stdout.on('data', (d: Buffer) => (output += d.toString()));
    child.stderr.on('data', (d: Buffer) => (output += d.toString()));
    child.on('error', (error) =>
      reject(new Error(`${error.message}: install it with scripts/ensure-system-packages.sh`)),
    );
    child.on('close', (code) => {
      clearTimeout(guard);
      resolve({ code, output });
    });
    // It reads a message from standard input even when it only sends a file.
    child.stdin.end();
  });
}

const children = (reply: Element, name: string) => reply.getChild('query')?.getChildren(name) ?? [];
const itemJids = (reply: Element) => children(reply, 'item').map((item) => String(item.attrs.jid));
const uploadItems = (reply: Element) => itemJids(reply).filter((jid) => jid.startsWith('upload.'));
const identities = (reply: Element) =>
  children(reply, 'identity').map((identity) => `${identity.attrs.category}/${identity.attrs.type}`);
const features = (reply: Element) => children(reply, 'feature').map((feature) => String(feature.attrs.var));

for (const dialect of testDialects()) {
  describe(`Finding HTTP File Upload (${dialect})`, () => {
    let server: XmppTestServer;
    let cas: ReadonlyMap<string, string>;
    const open = serveRawHosts(
      dialect,
      { [D]: ['alice', 'bob'], [OTHER]: ['mallory'] },
      (hosts) => ({ server, cas } = hosts),
    );

    async function online(domain: string, username: string): Promise<RawClient> {
      const client = await loginRaw(server.c2sPort, domain, username, MEMBER_PASSWORD, cas.get(domain)!);
      open.push(client);
      return client;
    }

    const disco = (client: RawClient, xmlns: string, to: string) =>
      request(client, `<iq type='get' to='${to}'><query xmlns='${xmlns}'/></iq>`);

    it('is found by go-sendxmpp, which looks for it only among the disco items', async () => {
      const bob = await online(D, 'bob');
      bob.write('<presence/>');
      await bob.waitFor({ name: 'presence', attrs: { from: `bob@${D}/raw` } });
      const beforeSending = bob.mark();
      const dir = server.app.database.dataDir;
      const file = path.join(dir, 'report.txt');
      const content = 'quarterly numbers\n';
      writeFileSync(file, content);
      writeFileSync(path.join(dir, 'ca.pem'), cas.get(D)!);

      const { code, output } = await runGoSendxmpp(
        [
          '-u',
          `alice@${D}`,
          '-p',
          MEMBER_PASSWORD,
          '-j',
          `127.0.0.1:${server.c2sPort}`,
          '-h',
          file,
          `bob@${D}`,
        ],
        {
          SSL_CERT_FILE: path.join(dir, 'ca.pem'),
          // Slot URLs are on the public URL; the proxy setting takes its PUT to the test's HTTP port.
          http_proxy: `http://127.0.0.1:${server.httpPort}`,
          // go-xmpp would dial the XMPP server through the proxy too (an HTTP CONNECT).
          no_proxy: '127.0.0.1',
          HOME: dir,
        },
      );
      assert.equal(code, 0, output);

      const message = await bob.waitFor(messageWith(new RegExp(`^${PUBLIC_URL}/upload/`)), {
        since: beforeSending,
      });
      const url = message.getChildText('body')!;
      const got = await fetch(`http://127.0.0.1:${server.httpPort}${url.slice(PUBLIC_URL.length)}`);
      assert.equal(got.status, 200);
      assert.equal(await got.text(), content);
    });

    it('answers the same service at the domain and at its item, and nothing else at the item', async () => {
      const alice = await online(D, 'alice');
      const service = `upload.${D}`;
      // Besides the group chat service (conference.<domain>).
      assert.deepEqual(uploadItems(await disco(alice, ITEMS, D)), [service]);

      const itemInfo = await disco(alice, INFO, service);
      // go-sendxmpp reads one identity: the item is the upload service and nothing else.
      assert.deepEqual(identities(itemInfo), ['store/file']);
      assert.deepEqual(features(itemInfo).sort(), [INFO, ITEMS, UPLOAD].sort());
      const maxSize = children(itemInfo, 'x')
        .flatMap((form) => form.getChildren('field'))
        .find((field) => field.attrs.var === 'max-file-size');
      assert.match(maxSize?.getChildText('value') ?? '', /^\d+$/);
      const domainInfo = await disco(alice, INFO, D);
      assert.ok(identities(domainInfo).includes('store/file'));
      assert.ok(features(domainInfo).includes(UPLOAD));

      for (const to of [D, service]) {
        const slot = await request(
          alice,
          `<iq type='get' to='${to}'><request xmlns='${UPLOAD}' filename='a.txt' size='5'/></iq>`,
        );
        assert.equal(slot.attrs.from, to);
        const put = slot.getChild('slot', UPLOAD)?.getChild('put');
        assert.ok(String(put?.attrs.url).startsWith(`${PUBLIC_URL}/upload/`), slot.toString());
      }

      assert.deepEqual(itemJids(await disco(alice, ITEMS, service)), []);
      const ping = await request(alice, `<iq type='get' to='${service}'><ping xmlns='urn:xmpp:ping'/></iq>`);
      assert.equal(ping.attrs.type, 'error');
      assert.ok(ping.getChild('error')?.getChild('service-unavailable'), ping.toString());
      alice.write(`<message to='bob@${service}' id='nobody'><body>hi</body></message>`);
      await alice.waitFor(stanzaError('message', 'service-unavailable', { id: 'nobody' }));

      // The quota is the host's: another host's member gets no slot at its service either.
      const mallory = await online(OTHER, 'mallory');
      const refused = await request(
        mallory,
        `<iq type='get' to='${service}'><request xmlns='${UPLOAD}' filename='a.txt' size='5'/></iq>`,
      );
      assert.ok(refused.getChild('error')?.getChild('not-allowed'), refused.toString());
    });

    it('lists no item whose address another host already has', async () => {
      await server.addHost(`upload.${OTHER}`);
      const mallory = await online(OTHER, 'mallory');
      assert.deepEqual(uploadItems(await disco(mallory, ITEMS, OTHER)), []);
      assert.ok(identities(await disco(mallory, INFO, `upload.${OTHER}`)).includes('server/im'));
    });
  });
}
