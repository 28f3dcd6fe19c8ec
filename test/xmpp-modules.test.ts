/**
 * The feature modules over raw sockets: presence and subscriptions, roster versioning, offline
 * storage and its cap, blocking, vCard with avatar hashes, last activity, version, time, ping,
 * password change, contact addresses, XEP-0156 discovery, metrics and tenancy-driven closes. The
 * server's own pings are the ping module's unit test (src/xmpp/modules/ping/ping.test.ts).
 */
import assert from 'node:assert/strict';
import http from 'node:http';
import { after, before, describe, it } from 'node:test';
import { HookPriority } from '../src/xmpp/core/index.js';
import { testDialects } from './support/databases.js';
import { messageWith, stanzaError, streamError } from './xmpp/element-match.js';
import { loginRaw, request, type RawClient } from './xmpp/raw-client.js';
import { startXmppTestServer, type XmppTestServer } from './xmpp/server-harness.js';

const D = 'mod.example.test';

/** fetch() may not set Host; XEP-0156 answers per Host header, so use node:http. */
function httpGet(port: number, path: string, host: string): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    http
      .get({ host: '127.0.0.1', port, path, headers: { host } }, (res) => {
        let body = '';
        res.on('data', (chunk: Buffer) => (body += chunk.toString()));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
      })
      .on('error', reject);
  });
}
const PW = 'correct horse battery';

for (const dialect of testDialects()) {
  describe(`XMPP feature modules (${dialect})`, () => {
    let server: XmppTestServer;
    let ca: string;
    const login = (user: string, resource = 'r', password = PW) =>
      loginRaw(server.c2sPort, D, user, password, ca, resource);

    before(async () => {
      server = await startXmppTestServer(dialect, {
        env: {
          IMHOST_CONTACT_ABUSE: 'abuse@provider.test',
          IMHOST_CONTACT_SECURITY: 'xmpp:security@provider.test',
          IMHOST_XMPP_MODULES: JSON.stringify({ offline: { maxPerUser: 2 } }),
        },
      });
      await server.addHost(D);
      for (const user of ['alice', 'bob', 'carol', 'dave', 'erin', 'frank', 'gina'])
        await server.addMember(D, user, PW);
      ca = await server.certificatePem(D);
    });
    after(() => server.close());

    async function online(user: string, resource = 'r'): Promise<RawClient> {
      const client = await login(user, resource);
      // Asking for the roster makes the session "interested": it gets roster pushes from now on.
      await request(client, "<iq type='get'><query xmlns='jabber:iq:roster'/></iq>");
      client.write('<presence/>');
      await client.waitFor({ name: 'presence', attrs: { from: `${user}@${D}/${resource}` } });
      return client;
    }

    it('completes a mutual subscription, shares presence, and sends unavailable on disconnect', async () => {
      const alice = await online('alice');
      const bob = await online('bob');
      const rosterPush = (subscription: string) => ({
        name: 'iq',
        attrs: { type: 'set' },
        has: { name: 'item', attrs: { jid: `bob@${D}`, subscription } },
      });
      alice.write(
        `<iq type='set' id='add'><query xmlns='jabber:iq:roster'><item jid='bob@${D}' name='Bob'><group>Friends</group></item></query></iq>`,
      );
      await alice.waitFor(rosterPush('none'));
      alice.write(`<presence type='subscribe' to='bob@${D}'/>`);
      await bob.waitFor({ name: 'presence', attrs: { type: 'subscribe', from: `alice@${D}` } });
      const beforeApproval = alice.mark();
      bob.write(`<presence type='subscribed' to='alice@${D}'/>`);
      await alice.waitFor(rosterPush('to'));
      await alice.waitFor(
        { name: 'presence', attrs: { from: `bob@${D}/r`, type: null } },
        { since: beforeApproval },
      );
      bob.write(`<presence type='subscribe' to='alice@${D}'/>`);
      await alice.waitFor({ name: 'presence', attrs: { type: 'subscribe', from: `bob@${D}` } });
      const beforeBobsApproval = bob.mark();
      alice.write(`<presence type='subscribed' to='bob@${D}'/>`);
      await bob.waitFor({
        name: 'iq',
        has: { name: 'item', attrs: { jid: `alice@${D}`, subscription: 'both' } },
      });
      await bob.waitFor(
        { name: 'presence', attrs: { from: `alice@${D}/r`, type: null } },
        { since: beforeBobsApproval },
      );

      const roster = await request(alice, "<iq type='get'><query xmlns='jabber:iq:roster'/></iq>");
      const query = roster.getChild('query', 'jabber:iq:roster')!;
      assert.equal(query.getChild('item')?.attrs.subscription, 'both');
      const version = String(query.attrs.ver);
      assert.match(version, /^\d+$/);
      const unchanged = await request(
        alice,
        `<iq type='get'><query xmlns='jabber:iq:roster' ver='${version}'/></iq>`,
      );
      assert.equal(unchanged.attrs.type, 'result');
      assert.deepEqual(unchanged.children, [], 'an up-to-date roster comes back empty');

      bob.write('<presence><status>gone fishing</status></presence>');
      await alice.waitFor({ name: 'presence', has: { name: 'status', text: 'gone fishing' } });
      // Dropping the connection makes the server send Bob's unavailable presence; last activity is
      // recorded before that broadcast (it observes the close at a higher priority).
      bob.close();
      await alice.waitFor({ name: 'presence', attrs: { from: `bob@${D}/r`, type: 'unavailable' } });
      const last = await request(alice, `<iq type='get' to='bob@${D}'><query xmlns='jabber:iq:last'/></iq>`);
      assert.equal(last.attrs.type, 'result');
      const lastQuery = last.getChild('query', 'jabber:iq:last')!;
      assert.match(String(lastQuery.attrs.seconds), /^\d+$/);
      assert.equal(lastQuery.text(), 'gone fishing');
      alice.close();
    });

    it('stores messages for an offline user up to the cap, then bounces, and delivers at login', async () => {
      const dave = await online('dave');
      const sent = dave.mark();
      for (const n of [1, 2, 3])
        dave.write(`<message type='chat' to='erin@${D}' id='m${n}'><body>note ${n}</body></message>`);
      await dave.waitFor(stanzaError('message', 'service-unavailable', { id: 'm3' }));
      assert.equal(dave.find({ name: 'message', attrs: { type: 'error', id: /^m[12]$/ } }, sent), undefined);
      const erin = await login('erin');
      const beforePresence = erin.mark();
      erin.write('<presence/>');
      for (const body of ['note 1', 'note 2'])
        await erin.waitFor(messageWith(body), { since: beforePresence });
      const stored = erin.received(beforePresence).filter((e) => e.name === 'message');
      // In the order sent, though both were stored within a millisecond or two.
      assert.deepEqual(
        stored.map((m) => m.getChildText('body')),
        ['note 1', 'note 2'],
      );
      for (const message of stored)
        assert.ok(message.getChild('delay', 'urn:xmpp:delay'), message.toString());
      dave.close();
      erin.close();
    });

    it('hands over a message stored while its recipient came online', { timeout: 30_000 }, async () => {
      const { hooks } = server.xmpp.core;
      let isHeld = () => {};
      const held = new Promise<void>((resolve) => (isHeld = resolve));
      let cameOnline = () => {};
      const online = new Promise<void>((resolve) => (cameOnline = resolve));
      // The message waits at the door of offline storage until gina's initial presence has taken
      // what was stored: it is stored while she is online, after her session looked.
      const removeHold = hooks.on('message/offline', HookPriority.observe, async (ctx) => {
        if (ctx.to.local !== 'gina') return false;
        isHeld();
        await online;
        return false;
      });
      const removeWatch = hooks.on('session/initial-presence', HookPriority.fallback, ({ session }) => {
        if (session.username === 'gina') cameOnline();
        return false;
      });
      try {
        const dave = await login('dave');
        dave.write(`<message type='chat' to='gina@${D}' id='late'><body>late note</body></message>`);
        await held;
        const gina = await login('gina');
        gina.write('<presence/>');
        const late = await gina.waitFor(messageWith('late note'));
        assert.ok(late.getChild('delay', 'urn:xmpp:delay'), late.toString());
        dave.close();
        gina.close();
      } finally {
        removeHold();
        removeWatch();
        cameOnline();
      }
    });

    it('routes by priority and resource, and answers errors for unknown users', async () => {
      const carol1 = await online('carol', 'one');
      const carol2 = await login('carol', 'two');
      carol2.write('<presence><priority>5</priority></presence>');
      await carol2.waitFor({ name: 'presence', attrs: { from: `carol@${D}/two` } });
      const frank = await online('frank');
      const sent = carol1.mark();
      frank.write(`<message type='chat' to='carol@${D}'><body>to the top</body></message>`);
      await carol2.waitFor(messageWith('to the top'));
      frank.write(`<message type='chat' to='carol@${D}/one'><body>to one</body></message>`);
      await carol1.waitFor(messageWith('to one'));
      assert.equal(carol1.find(messageWith('to the top'), sent), undefined);
      frank.write(`<message type='chat' to='nobody@${D}' id='ghost'><body>hi</body></message>`);
      await frank.waitFor({ name: 'message', attrs: { id: 'ghost', type: 'error' } });
      for (const c of [carol1, carol2, frank]) c.close();
    });

    it('blocks both ways and unblocks (XEP-0191)', async () => {
      const alice = await online('alice', 'b');
      const frank = await online('frank', 'b');
      await request(
        frank,
        `<iq type='set'><block xmlns='urn:xmpp:blocking'><item jid='alice@${D}'/></block></iq>`,
      );
      const list = await request(frank, "<iq type='get'><blocklist xmlns='urn:xmpp:blocking'/></iq>");
      assert.deepEqual(
        list
          .getChild('blocklist')
          ?.getChildren('item')
          .map((item) => item.attrs.jid),
        [`alice@${D}`],
      );
      alice.write(`<message type='chat' to='frank@${D}' id='blocked1'><body>hello?</body></message>`);
      await alice.waitFor(stanzaError('message', 'service-unavailable', { id: 'blocked1' }));
      frank.write(`<message type='chat' to='alice@${D}' id='blocked2'><body>sorry</body></message>`);
      await frank.waitFor({
        ...stanzaError('message', 'not-acceptable', { id: 'blocked2' }),
        has: [
          { name: 'not-acceptable', xmlns: 'urn:ietf:params:xml:ns:xmpp-stanzas' },
          { name: 'blocked', xmlns: 'urn:xmpp:blocking:errors' },
        ],
      });
      await request(frank, "<iq type='set'><unblock xmlns='urn:xmpp:blocking'/></iq>");
      alice.write(`<message type='chat' to='frank@${D}'><body>again</body></message>`);
      await frank.waitFor(messageWith('again'));
      alice.close();
      frank.close();
    });

    it('stores vCards and stamps presence with the avatar hash (XEP-0054, XEP-0153)', async () => {
      const carol = await login('carol', 'v');
      const photo = Buffer.from('not really a png').toString('base64');
      await request(
        carol,
        `<iq type='set'><vCard xmlns='vcard-temp'><FN>Carol</FN><PHOTO><TYPE>image/png</TYPE><BINVAL>${photo}</BINVAL></PHOTO></vCard></iq>`,
      );
      const dave = await login('dave', 'v');
      const card = await request(dave, `<iq type='get' to='carol@${D}'><vCard xmlns='vcard-temp'/></iq>`);
      assert.equal(card.getChild('vCard', 'vcard-temp')?.getChildText('FN'), 'Carol');
      carol.write('<presence/>');
      await carol.waitFor({
        name: 'presence',
        has: { name: 'x', xmlns: 'vcard-temp:x:update', has: { name: 'photo', text: /^[0-9a-f]{40}$/ } },
      });
      carol.close();
      dave.close();
    });

    it('answers version, time, server last activity, ping and disco with contact addresses', async () => {
      const erin = await login('erin', 'q');
      const version = await request(erin, `<iq type='get' to='${D}'><query xmlns='jabber:iq:version'/></iq>`);
      const software = version.getChild('query', 'jabber:iq:version')!;
      assert.deepEqual(
        [software.getChildText('name'), software.getChildText('version')],
        ['imhost', '1.2.3-test'],
      );
      const time = (
        await request(erin, `<iq type='get' to='${D}'><time xmlns='urn:xmpp:time'/></iq>`)
      ).getChild('time', 'urn:xmpp:time')!;
      assert.equal(time.getChildText('tzo'), '+00:00');
      assert.match(time.getChildText('utc')!, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
      const uptime = await request(erin, `<iq type='get' to='${D}'><query xmlns='jabber:iq:last'/></iq>`);
      assert.match(String(uptime.getChild('query', 'jabber:iq:last')?.attrs.seconds), /^\d+$/);
      assert.equal(
        (await request(erin, `<iq type='get' to='${D}'><ping xmlns='urn:xmpp:ping'/></iq>`)).attrs.type,
        'result',
      );
      const info = (
        await request(
          erin,
          `<iq type='get' to='${D}'><query xmlns='http://jabber.org/protocol/disco#info'/></iq>`,
        )
      ).getChild('query', 'http://jabber.org/protocol/disco#info')!;
      assert.ok(
        info.getChildren('identity').some((i) => i.attrs.category === 'server' && i.attrs.type === 'im'),
        info.toString(),
      );
      const features = info.getChildren('feature').map((f) => f.attrs.var);
      for (const feature of [
        'urn:xmpp:ping',
        'urn:xmpp:blocking',
        'vcard-temp',
        'jabber:iq:version',
        'urn:xmpp:time',
        'jabber:iq:last',
        'msgoffline',
        'jabber:iq:register',
      ])
        assert.ok(features.includes(feature), feature);
      // The XEP-0157 form only: the XEP-0455 form has an -addresses field of its own.
      const contacts = info
        .getChildren('x', 'jabber:x:data')
        .filter((form) =>
          form
            .getChildren('field')
            .some(
              (f) =>
                f.attrs.var === 'FORM_TYPE' &&
                f.getChildText('value') === 'http://jabber.org/network/serverinfo',
            ),
        )
        .flatMap((form) => form.getChildren('field'))
        .map((field) => [field.attrs.var, field.getChildText('value')]);
      assert.deepEqual(
        contacts.filter(([name]) => String(name).endsWith('-addresses')),
        [
          ['abuse-addresses', 'mailto:abuse@provider.test'],
          ['security-addresses', 'xmpp:security@provider.test'],
        ],
      );
      erin.close();
    });

    it('changes the password in band and refuses a weak one (XEP-0077)', async () => {
      const frank = await login('frank', 'pw');
      const weak = await request(
        frank,
        `<iq type='set' to='${D}'><query xmlns='jabber:iq:register'><username>frank</username><password>123</password></query></iq>`,
      );
      assert.ok(weak.getChild('error')?.getChild('not-acceptable'), weak.toString());
      const ok = await request(
        frank,
        `<iq type='set' to='${D}'><query xmlns='jabber:iq:register'><username>frank</username><password>a brand new passphrase</password></query></iq>`,
      );
      assert.equal(ok.attrs.type, 'result');
      frank.close();
      (await login('frank', 'pw2', 'a brand new passphrase')).close();
      await assert.rejects(login('frank', 'pw3'), /not-authorized/);
    });

    it('closes the sessions of a member who is disabled', async () => {
      const dave = await login('dave', 'x');
      const beforeDisabling = dave.mark();
      const host = await server.app.ctx.tenancy.findHostByDomain(D);
      await server.app.ctx.tenancy.members.update({ kind: 'system' }, host!.id, 'dave', {
        status: 'disabled',
      });
      await dave.waitFor(streamError('not-authorized', [{ name: 'text', text: /disabled/ }]), {
        since: beforeDisabling,
      });
      await dave.waitClosed();
      await assert.rejects(login('dave', 'y'), /account-disabled/);
    });

    it('serves XEP-0156 host-meta for served domains only', async () => {
      const xrd = await httpGet(server.httpPort, '/.well-known/host-meta', D);
      assert.equal(xrd.status, 200);
      assert.match(
        xrd.body,
        /rel=["']urn:xmpp:alt-connections:websocket["'] href=["']ws:\/\/mod\.example\.test\/xmpp-websocket["']/,
      );
      const json = JSON.parse((await httpGet(server.httpPort, '/.well-known/host-meta.json', D)).body) as {
        links: { rel: string; href: string }[];
      };
      assert.deepEqual(json.links, [
        { rel: 'urn:xmpp:alt-connections:websocket', href: `ws://${D}/xmpp-websocket` },
      ]);
      assert.equal(
        (await httpGet(server.httpPort, '/.well-known/host-meta', 'unknown.example.test')).status,
        404,
      );
    });

    it("records each member's last login and activity for the host page", async () => {
      const host = await server.app.ctx.tenancy.findHostByDomain(D);
      const page = await server.app.ctx.tenancy.members.list({ kind: 'system' }, host!.id, { limit: 50 });
      const alice = page.items.find((m) => m.username === 'alice')!;
      assert.ok(alice.lastLoginAt, 'last login is stored');
      assert.ok(alice.lastActivityAt, 'last activity is stored');
    });

    it('counts logins, stanzas and offline messages per host in /metrics', async () => {
      const text = await server.app.ctx.platform.metrics.render();
      assert.match(
        text,
        new RegExp(`imhost_xmpp_logins_total\\{host="${D.replace(/\./g, '\\.')}",outcome="ok"\\} [1-9]`),
      );
      assert.match(text, /imhost_xmpp_logins_total\{[^}]*outcome="failed"\} [1-9]/);
      // Two for erin, up to the cap, and gina's message stored as she came online.
      assert.match(text, /imhost_xmpp_offline_stored_total\{host="mod\.example\.test"\} 3/);
      assert.match(text, /imhost_xmpp_stanzas_in_total\{host="mod\.example\.test"\} [1-9]/);
      assert.match(text, /imhost_xmpp_messages_routed_total\{host="mod\.example\.test"\} [1-9]/);
      assert.match(text, /imhost_xmpp_connections_total\{host="mod\.example\.test"\} [1-9]/);
    });
  });

  describe(`XMPP session cap per user (${dialect})`, () => {
    let server: XmppTestServer;
    let ca: string;
    before(async () => {
      server = await startXmppTestServer(dialect, { limits: { maxSessionsPerUser: 2 } });
      await server.addHost(D);
      await server.addMember(D, 'alice', PW);
      ca = await server.certificatePem(D);
    });
    after(() => server.close());

    it('refuses a third resource with resource-constraint', async () => {
      const one = await loginRaw(server.c2sPort, D, 'alice', PW, ca, 'one');
      const two = await loginRaw(server.c2sPort, D, 'alice', PW, ca, 'two');
      await assert.rejects(
        loginRaw(server.c2sPort, D, 'alice', PW, ca, 'three'),
        /bind failed.*resource-constraint/,
      );
      assert.equal(server.xmpp.sessionsCount(), 2);
      one.close();
      two.close();
    });
  });
}
