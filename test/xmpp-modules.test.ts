/**
 * The feature modules over raw sockets: presence and subscriptions, roster versioning, offline
 * storage and its cap, blocking, vCard with avatar hashes, last activity, version, time, ping both
 * ways, password change, contact addresses, XEP-0156 discovery, metrics and tenancy-driven closes.
 */
import assert from 'node:assert/strict';
import http from 'node:http';
import { after, before, describe, it } from 'node:test';
import { HookPriority } from '../src/xmpp/core/index.js';
import { testDialects } from './support/databases.js';
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
        },
        moduleOptions: { offline: { maxPerUser: 2 } },
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
      await client.waitFor(/<presence[^>]*from=["'][^"']+\/[^"']+["'][^>]*>|<presence[^>]*from=[^>]*\/>/);
      client.clear();
      return client;
    }

    it('completes a mutual subscription, shares presence, and sends unavailable on disconnect', async () => {
      const alice = await online('alice');
      const bob = await online('bob');
      alice.write(
        `<iq type='set' id='add'><query xmlns='jabber:iq:roster'><item jid='bob@${D}' name='Bob'><group>Friends</group></item></query></iq>`,
      );
      await alice.waitFor(/<item[^>]*jid=["']bob@mod\.example\.test["'][^>]*subscription=["']none["']/);
      alice.write(`<presence type='subscribe' to='bob@${D}'/>`);
      await bob.waitFor(
        /<presence[^>]*type=["']subscribe["'][^>]*>|<presence[^>]*type=["']subscribe["'][^>]*\/>/,
      );
      bob.write(`<presence type='subscribed' to='alice@${D}'/>`);
      await alice.waitFor(/subscription=["']to["']/);
      await alice.waitFor(new RegExp(`<presence[^>]*from=["']bob@${D}/r["']`));
      bob.write(`<presence type='subscribe' to='alice@${D}'/>`);
      await alice.waitFor(/<presence[^>]*type=["']subscribe["']/);
      alice.write(`<presence type='subscribed' to='bob@${D}'/>`);
      await bob.waitFor(/subscription=["']both["']/);
      await bob.waitFor(new RegExp(`<presence[^>]*from=["']alice@${D}/r["']`));

      const roster = await request(alice, "<iq type='get'><query xmlns='jabber:iq:roster'/></iq>");
      assert.match(roster, /subscription=["']both["']/);
      const version = /ver=["'](\d+)["']/.exec(roster)![1];
      const unchanged = await request(
        alice,
        `<iq type='get'><query xmlns='jabber:iq:roster' ver='${version}'/></iq>`,
      );
      assert.doesNotMatch(unchanged, /<item/);

      bob.write('<presence><status>gone fishing</status></presence>');
      await alice.waitFor(/gone fishing/);
      alice.clear();
      // Dropping the connection makes the server send Bob's unavailable presence; last activity is
      // recorded before that broadcast (it observes the close at a higher priority).
      bob.close();
      await alice.waitFor(
        new RegExp(
          `<presence[^>]*from=["']bob@${D}/r["'][^>]*type=["']unavailable["']|<presence[^>]*type=["']unavailable["'][^>]*from=["']bob@${D}/r["']`,
        ),
      );
      const last = await request(alice, `<iq type='get' to='bob@${D}'><query xmlns='jabber:iq:last'/></iq>`);
      assert.match(last, /type=["']result["']/);
      assert.match(last, /seconds=["']\d+["'][^>]*>gone fishing</);
      alice.close();
    });

    it('stores messages for an offline user up to the cap, then bounces, and delivers at login', async () => {
      const dave = await online('dave');
      for (const n of [1, 2, 3])
        dave.write(`<message type='chat' to='erin@${D}' id='m${n}'><body>note ${n}</body></message>`);
      await dave.waitFor(/<message[^>]*type=["']error["'][\s\S]*<service-unavailable/);
      assert.match(dave.text, /id=["']m3["']/);
      const erin = await login('erin');
      erin.write('<presence/>');
      await erin.waitFor(/note 2[\s\S]*<\/message>/);
      assert.match(erin.text, /note 1/);
      assert.doesNotMatch(erin.text, /note 3/);
      assert.match(erin.text, /<delay xmlns=["']urn:xmpp:delay["']/);
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
        await gina.waitFor(/late note[\s\S]*<\/message>/);
        assert.match(gina.text, /<delay xmlns=["']urn:xmpp:delay["']/);
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
      await carol2.waitFor(/<presence/);
      const frank = await online('frank');
      frank.write(`<message type='chat' to='carol@${D}'><body>to the top</body></message>`);
      await carol2.waitFor(/to the top/);
      frank.write(`<message type='chat' to='carol@${D}/one'><body>to one</body></message>`);
      await carol1.waitFor(/to one/);
      assert.doesNotMatch(carol1.text, /to the top/);
      frank.write(`<message type='chat' to='nobody@${D}' id='ghost'><body>hi</body></message>`);
      await frank.waitFor(/id=["']ghost["'][^>]*type=["']error["']|type=["']error["'][^>]*id=["']ghost["']/);
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
      assert.match(list, new RegExp(`<item jid=["']alice@${D}["']`));
      alice.write(`<message type='chat' to='frank@${D}' id='blocked1'><body>hello?</body></message>`);
      await alice.waitFor(/<service-unavailable/);
      frank.write(`<message type='chat' to='alice@${D}' id='blocked2'><body>sorry</body></message>`);
      await frank.waitFor(/<not-acceptable[\s\S]*<blocked xmlns=["']urn:xmpp:blocking:errors["']/);
      await request(frank, "<iq type='set'><unblock xmlns='urn:xmpp:blocking'/></iq>");
      alice.write(`<message type='chat' to='frank@${D}'><body>again</body></message>`);
      await frank.waitFor(/again/);
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
      assert.match(card, /<FN>Carol<\/FN>/);
      carol.write('<presence/>');
      await carol.waitFor(/<photo>[0-9a-f]{40}<\/photo>/);
      carol.close();
      dave.close();
    });

    it('answers version, time, server last activity, ping and disco with contact addresses', async () => {
      const erin = await login('erin', 'q');
      assert.match(
        await request(erin, `<iq type='get' to='${D}'><query xmlns='jabber:iq:version'/></iq>`),
        /<name>imhost<\/name><version>1\.2\.3-test<\/version>/,
      );
      assert.match(
        await request(erin, `<iq type='get' to='${D}'><time xmlns='urn:xmpp:time'/></iq>`),
        /<tzo>\+00:00<\/tzo><utc>\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ<\/utc>/,
      );
      assert.match(
        await request(erin, `<iq type='get' to='${D}'><query xmlns='jabber:iq:last'/></iq>`),
        /seconds=["']\d+["']/,
      );
      assert.match(
        await request(erin, `<iq type='get' to='${D}'><ping xmlns='urn:xmpp:ping'/></iq>`),
        /type=["']result["']/,
      );
      const info = await request(
        erin,
        `<iq type='get' to='${D}'><query xmlns='http://jabber.org/protocol/disco#info'/></iq>`,
      );
      assert.match(info, /<identity category=["']server["'] type=["']im["']/);
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
        assert.match(info, new RegExp(`var=["']${feature}["']`));
      assert.match(info, /<field var=["']abuse-addresses["']><value>mailto:abuse@provider\.test<\/value>/);
      assert.match(
        info,
        /<field var=["']security-addresses["']><value>xmpp:security@provider\.test<\/value>/,
      );
      erin.close();
    });

    it('changes the password in band and refuses a weak one (XEP-0077)', async () => {
      const frank = await login('frank', 'pw');
      const weak = await request(
        frank,
        `<iq type='set' to='${D}'><query xmlns='jabber:iq:register'><username>frank</username><password>123</password></query></iq>`,
      );
      assert.match(weak, /<not-acceptable/);
      const ok = await request(
        frank,
        `<iq type='set' to='${D}'><query xmlns='jabber:iq:register'><username>frank</username><password>a brand new passphrase</password></query></iq>`,
      );
      assert.match(ok, /type=["']result["']/);
      frank.close();
      (await login('frank', 'pw2', 'a brand new passphrase')).close();
      await assert.rejects(login('frank', 'pw3'), /not-authorized/);
    });

    it('closes the sessions of a member who is disabled', async () => {
      const dave = await login('dave', 'x');
      const host = await server.app.ctx.tenancy.findHostByDomain(D);
      await server.app.ctx.tenancy.members.update({ kind: 'system' }, host!.id, 'dave', {
        status: 'disabled',
      });
      await dave.waitFor(/<not-authorized[\s\S]*disabled/);
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

  describe(`XMPP server-to-client ping (${dialect})`, () => {
    let server: XmppTestServer;
    let ca: string;
    before(async () => {
      // The default options: a ping every five minutes, a minute to answer, on the simulated clock.
      server = await startXmppTestServer(dialect);
      await server.addHost(D);
      await server.addMember(D, 'alice', PW);
      ca = await server.certificatePem(D);
    });
    after(() => server.close());

    it('keeps a client that answers and closes one that does not', async () => {
      const { clock } = server.app;
      const SERVER_PING = /<ping xmlns=["']urn:xmpp:ping["']\/>/;
      const clientPing = `<iq type='get' to='${D}'><ping xmlns='urn:xmpp:ping'/></iq>`;
      const alive = await loginRaw(server.c2sPort, D, 'alice', PW, ca, 'alive');
      alive.answerPings(D);
      const dead = await loginRaw(server.c2sPort, D, 'alice', PW, ca, 'dead');
      clock.advance(5 * 60_000);
      await alive.waitFor(SERVER_PING);
      await dead.waitFor(SERVER_PING);
      // A round trip after the answer: the server has read it before the clock moves on.
      assert.match(await request(alive, clientPing), /type=["']result["']/);
      clock.advance(60_000);
      await dead.waitFor(/<connection-timeout/);
      await dead.waitClosed();
      // The answered ping schedules the next one.
      clock.advance(5 * 60_000);
      await alive.waitFor(new RegExp(`${SERVER_PING.source}[\\s\\S]*${SERVER_PING.source}`));
      assert.match(await request(alive, clientPing), /type=["']result["']/);
      assert.equal(server.xmpp.sessionsCount(), 1);
      alive.close();
    });
  });
}
