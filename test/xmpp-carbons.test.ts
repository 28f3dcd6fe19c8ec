/**
 * XEP-0280 message carbons over raw sockets: received and sent copies for enabled resources only,
 * no copy for a resource that got the original, enable/disable, `<private/>` and `<no-copy/>`,
 * blocking, refused requests and discovery. "Nothing arrived" is checked after a ping round trip,
 * which the server answers after any copy it would have sent.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { testDialects } from './support/databases.js';
import { loginRaw, request, type RawClient } from './xmpp/raw-client.js';
import { startXmppTestServer, type XmppTestServer } from './xmpp/server-harness.js';

const D = 'carbons.example.test';
const PW = 'correct horse battery';
const CARBONS = 'urn:xmpp:carbons:2';
const USERS = [
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
const CARBON =
  /<message\b[^>]*>\s*<(received|sent) xmlns=["']urn:xmpp:carbons:2["'][\s\S]*?<\/\1>\s*<\/message>/;

for (const dialect of testDialects()) {
  describe(`XEP-0280 message carbons (${dialect})`, () => {
    let server: XmppTestServer;
    let ca: string;
    const open: RawClient[] = [];

    before(async () => {
      server = await startXmppTestServer(dialect);
      await server.addHost(D);
      for (const user of USERS) await server.addMember(D, user, PW);
      ca = await server.certificatePem(D);
    });
    after(async () => {
      for (const client of open) client.close();
      await server.close();
    });

    async function online(
      user: string,
      resource: string,
      options: { carbons?: boolean; priority?: number } = {},
    ): Promise<RawClient> {
      const client = await loginRaw(server.c2sPort, D, user, PW, ca, resource);
      open.push(client);
      const priority = options.priority === undefined ? '' : `<priority>${options.priority}</priority>`;
      client.write(`<presence>${priority}</presence>`);
      await client.waitFor(new RegExp(`<presence[^>]*from=["']${user}@${D}/${resource}["']`));
      if (options.carbons) await enable(client);
      client.clear();
      return client;
    }

    async function enable(client: RawClient, verb: 'enable' | 'disable' = 'enable'): Promise<void> {
      const reply = await request(client, `<iq type='set'><${verb} xmlns='${CARBONS}'/></iq>`);
      assert.match(reply, /type=["']result["']/);
    }

    /** Everything the client received so far, once the server has answered a ping sent now. */
    async function settled(client: RawClient): Promise<string> {
      await request(client, `<iq type='get' to='${D}'><ping xmlns='urn:xmpp:ping'/></iq>`);
      return client.text;
    }

    async function assertNoCarbon(...clients: RawClient[]): Promise<void> {
      for (const client of clients) assert.doesNotMatch(await settled(client), CARBON);
    }

    const chat = (to: string, body: string, extra = '') =>
      `<message type='chat' to='${to}' id='${body}'><body>${body}</body>${extra}</message>`;

    /** Waits for the original message (not a copy) with this body. */
    async function original(client: RawClient, body: string): Promise<string> {
      const [message] = await client.waitFor(
        new RegExp(`<message\\b[^>]*>\\s*<body>${body}</body>[\\s\\S]*?</message>`),
      );
      return message;
    }

    it('advertises the feature on the server', async () => {
      const client = await online('judy', 'r');
      const info = await request(
        client,
        `<iq type='get' to='${D}'><query xmlns='http://jabber.org/protocol/disco#info'/></iq>`,
      );
      assert.match(info, new RegExp(`<feature var=["']${CARBONS}["']/>`));
    });

    it('copies a received message to the other enabled resources only', async () => {
      const a = await online('alice', 'A', { carbons: true });
      const b = await online('alice', 'B', { carbons: true });
      const c = await online('alice', 'C');
      const bob = await online('bob', 'r');
      bob.write(chat(`alice@${D}/A`, 'hello-a'));
      assert.match(await original(a, 'hello-a'), new RegExp(`from=["']bob@${D}/r["']`));
      const [carbon] = await b.waitFor(CARBON);
      assert.match(carbon, new RegExp(`^<message[^>]*from=["']alice@${D}["']`));
      assert.match(carbon, new RegExp(`^<message[^>]*to=["']alice@${D}/B["']`));
      assert.match(carbon, /^<message[^>]*type=["']chat["']/);
      assert.match(
        carbon,
        new RegExp(
          `<received xmlns=["']${CARBONS}["']>\\s*<forwarded xmlns=["']urn:xmpp:forward:0["']>\\s*` +
            `<message[^>]*from=["']bob@${D}/r["'][^>]*>[\\s\\S]*<body>hello-a</body>`,
        ),
      );
      assert.match(carbon, /<forwarded[^>]*>\s*<message[^>]*xmlns=["']jabber:client["']/);
      await assertNoCarbon(a, c, bob);
    });

    it('copies a sent message to the other enabled resources of the sender', async () => {
      const a = await online('carol', 'A', { carbons: true });
      const b = await online('carol', 'B', { carbons: true });
      const c = await online('carol', 'C');
      const dave = await online('dave', 'r');
      a.write(chat(`dave@${D}`, 'hi-dave'));
      assert.match(await original(dave, 'hi-dave'), new RegExp(`from=["']carol@${D}/A["']`));
      const [carbon] = await b.waitFor(CARBON);
      assert.match(carbon, new RegExp(`^<message[^>]*from=["']carol@${D}["'][^>]*to=["']carol@${D}/B["']`));
      assert.match(
        carbon,
        new RegExp(
          `<sent xmlns=["']${CARBONS}["']>\\s*<forwarded xmlns=["']urn:xmpp:forward:0["']>\\s*` +
            `<message[^>]*to=["']dave@${D}["'][^>]*>[\\s\\S]*<body>hi-dave</body>`,
        ),
      );
      await assertNoCarbon(a, c, dave);
    });

    it('gives no copy to resources that got the original of a bare-JID message', async () => {
      const a = await online('erin', 'A', { carbons: true });
      const b = await online('erin', 'B', { carbons: true });
      // Negative priority: bare-JID messages skip it (RFC 6121 §8.5.2.1.1), so it gets a copy.
      const low = await online('erin', 'low', { carbons: true, priority: -1 });
      const frank = await online('frank', 'r');
      frank.write(chat(`erin@${D}`, 'to-bare'));
      await original(a, 'to-bare');
      await original(b, 'to-bare');
      const [carbon] = await low.waitFor(CARBON);
      assert.match(carbon, /<received[\s\S]*<body>to-bare<\/body>/);
      await assertNoCarbon(a, b);
    });

    it('stops copying after disable', async () => {
      const a = await online('gina', 'A', { carbons: true });
      const b = await online('gina', 'B', { carbons: true });
      const hank = await online('hank', 'r');
      await enable(b, 'disable');
      await enable(b, 'disable');
      b.clear();
      hank.write(chat(`gina@${D}/A`, 'after-disable-in'));
      await original(a, 'after-disable-in');
      a.write(chat(`hank@${D}`, 'after-disable-out'));
      await original(hank, 'after-disable-out');
      await assertNoCarbon(b);
      // Enabling again (twice is no error) brings the copies back.
      await enable(b);
      await enable(b);
      b.clear();
      hank.write(chat(`gina@${D}/A`, 'enabled-again'));
      assert.match((await b.waitFor(CARBON))[0], /<body>enabled-again<\/body>/);
    });

    it('makes no copies of private or no-copy messages, and removes <private/> on delivery', async () => {
      const a = await online('ivan', 'A', { carbons: true });
      const b = await online('ivan', 'B', { carbons: true });
      const judy = await online('judy', 'p', { carbons: true });
      const judy2 = await online('judy', 'q', { carbons: true });
      a.write(chat(`judy@${D}/p`, 'secret', `<private xmlns='${CARBONS}'/>`));
      const received = await original(judy, 'secret');
      assert.doesNotMatch(received, /<private/);
      judy.write(chat(`ivan@${D}/A`, 'no-copy', "<no-copy xmlns='urn:xmpp:hints'/>"));
      await original(a, 'no-copy');
      await assertNoCarbon(b, judy2, a, judy);
      // <private/> is for the servers: it is not kept in the archive either.
      await request(judy, `<iq type='set'><query xmlns='urn:xmpp:mam:2' queryid='p'/></iq>`);
      const archived = judy.text;
      assert.match(archived, /<result[^>]*queryid=["']p["'][\s\S]*<body>secret<\/body>/);
      assert.doesNotMatch(archived, /<private/);
    });

    it('copies nothing of a message that goes to offline storage; the session gets it once, at presence', async () => {
      // Bound and carbons enabled, but no presence yet: not available, so the message is stored.
      const kate = await loginRaw(server.c2sPort, D, 'kate', PW, ca, 'early');
      open.push(kate);
      await enable(kate);
      kate.clear();
      const liam = await online('liam', 'r');
      liam.write(chat(`kate@${D}`, 'while-away'));
      // The server handles a connection's stanzas in order: once liam's ping is answered, the
      // message is stored.
      await settled(liam);
      await assertNoCarbon(kate);
      assert.doesNotMatch(await settled(kate), /while-away/);
      kate.write('<presence/>');
      await original(kate, 'while-away');
      const text = await settled(kate);
      assert.equal(text.match(/<body>while-away<\/body>/g)?.length, 1, text);
    });

    it('makes no copy of a message the recipient blocked', async () => {
      const a = await online('alice', 'blockA', { carbons: true });
      const b = await online('alice', 'blockB', { carbons: true });
      const bob = await online('bob', 'block');
      assert.match(
        await request(
          a,
          `<iq type='set'><block xmlns='urn:xmpp:blocking'><item jid='bob@${D}'/></block></iq>`,
        ),
        /type=["']result["']/,
      );
      bob.write(chat(`alice@${D}/blockA`, 'blocked'));
      await bob.waitFor(/<message[^>]*type=["']error["'][\s\S]*?service-unavailable/);
      assert.doesNotMatch(await settled(a), /blocked<\/body>/);
      assert.doesNotMatch(await settled(b), /blocked<\/body>/);
      await request(a, `<iq type='set'><unblock xmlns='urn:xmpp:blocking'/></iq>`);
    });

    it("refuses to enable or disable carbons on someone else's account", async () => {
      const client = await online('bob', 'refuse');
      for (const verb of ['enable', 'disable'])
        assert.match(
          await request(client, `<iq type='set' to='alice@${D}'><${verb} xmlns='${CARBONS}'/></iq>`),
          /type=["']error["'][\s\S]*<forbidden/,
        );
    });
  });
}
