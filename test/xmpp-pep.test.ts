/**
 * XEP-0163 PEP over raw sockets against the whole product: publish-options and their
 * preconditions, items by id and by count, retract, configure, delete, the access models across
 * accounts and hosts, +notify through XEP-0115 caps (asked once per hash), the last item on
 * presence, the plan's storage limit, XEP-0049 private storage with XEP-0411 bookmarks, and
 * XEP-0398 avatar conversion.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { capsHash, parseStoredElement, type Element } from '../src/xmpp/stanza/index.js';
import { testDialects } from './support/databases.js';
import { loginRaw, request, type RawClient } from './xmpp/raw-client.js';
import { startXmppTestServer, type XmppTestServer } from './xmpp/server-harness.js';

const D = 'pep.example.test';
const OTHER = 'other.example.test';
const PW = 'correct horse battery';
const PUBSUB = 'http://jabber.org/protocol/pubsub';
const OWNER = 'http://jabber.org/protocol/pubsub#owner';
const ERRORS = 'http://jabber.org/protocol/pubsub#errors';
const DISCO = 'http://jabber.org/protocol/disco#info';

function publishOptions(fields: Record<string, string>): string {
  const values = Object.entries(fields)
    .map(([name, value]) => `<field var='${name}'><value>${value}</value></field>`)
    .join('');
  return `<publish-options><x xmlns='jabber:x:data' type='submit'><field var='FORM_TYPE' type='hidden'><value>http://jabber.org/protocol/pubsub#publish-options</value></field>${values}</x></publish-options>`;
}

function publish(node: string, id: string, payload: string, options?: Record<string, string>): string {
  return `<iq type='set'><pubsub xmlns='${PUBSUB}'><publish node='${node}'><item id='${id}'>${payload}</item></publish>${options ? publishOptions(options) : ''}</pubsub></iq>`;
}

const itemsOf = (reply: Element) =>
  reply
    .getChild('pubsub', PUBSUB)!
    .getChild('items')!
    .getChildren('item')
    .map((i) => String(i.attrs.id));

/** The error condition and the pubsub#errors condition of an error reply. */
function conditions(reply: Element): [string | undefined, string | undefined] {
  assert.equal(reply.attrs.type, 'error', reply.toString());
  const error = reply.getChild('error')!;
  const children = error.getChildElements();
  return [
    children.find((c) => c.attrs.xmlns === 'urn:ietf:params:xml:ns:xmpp-stanzas')?.name,
    children.find((c) => c.attrs.xmlns === ERRORS)?.name,
  ];
}

/** A disco#info result naming these features, and its XEP-0115 hash. */
function capsFor(features: string[]): { query: string; ver: string } {
  const query = `<query xmlns='${DISCO}'><identity category='client' type='pc' name='test'/>${features
    .map((f) => `<feature var='${f}'/>`)
    .join('')}</query>`;
  return { query, ver: capsHash(parseStoredElement(query)!, 'sha-1')! };
}

for (const dialect of testDialects()) {
  describe(`XEP-0163 PEP (${dialect})`, () => {
    let server: XmppTestServer;
    const hostIds = new Map<string, string>();
    const ca = new Map<string, string>();
    const login = (user: string, resource = 'r', domain = D) =>
      loginRaw(server.c2sPort, domain, user, PW, ca.get(domain)!, resource);

    before(async () => {
      server = await startXmppTestServer(dialect);
      for (const [domain, users] of [
        [D, ['alice', 'bob', 'carol', 'dave', 'erin']],
        [OTHER, ['mallory']],
      ] as const) {
        const host = await server.app.ctx.tenancy.createHost({ customerId: server.customerId, domain });
        hostIds.set(domain, host.id);
        for (const user of users) await server.addMember(domain, user, PW);
        ca.set(domain, await server.certificatePem(domain));
      }
    });
    after(() => server.close());

    /** Available, with caps claiming these +notify nodes; answers the server's disco#info if asked. */
    async function online(user: string, resource: string, notify: string[], domain = D): Promise<RawClient> {
      const client = await login(user, resource, domain);
      await request(client, "<iq type='get'><query xmlns='jabber:iq:roster'/></iq>");
      const caps = capsFor(notify.map((n) => `${n}+notify`));
      client.write(
        `<presence><c xmlns='http://jabber.org/protocol/caps' hash='sha-1' node='https://imhost.test/client' ver='${caps.ver}'/></presence>`,
      );
      return client;
    }

    /** Answers the server's disco#info for the caps hash `client` announced. */
    async function answerCaps(client: RawClient, notify: string[]): Promise<Element> {
      const caps = capsFor(notify.map((n) => `${n}+notify`));
      const query = await client.waitFor(
        { name: 'iq', attrs: { type: 'get' }, has: { name: 'query', xmlns: DISCO } },
        { since: 0 as never },
      );
      assert.equal(
        query.getChild('query', DISCO)!.attrs.node,
        `https://imhost.test/client#${caps.ver}`,
        'the server asks about the announced hash',
      );
      client.write(
        caps.query.replace(
          /^<query /,
          `<iq type='result' id='${String(query.attrs.id)}' to='${String(query.attrs.from)}'><query node='https://imhost.test/client#${caps.ver}' `,
        ) + '</iq>',
      );
      return query;
    }

    /** Logged in and available, with the roster asked for (so roster pushes come). */
    async function available(user: string, resource: string, domain = D): Promise<RawClient> {
      const client = await login(user, resource, domain);
      await request(client, "<iq type='get'><query xmlns='jabber:iq:roster'/></iq>");
      client.write('<presence/>');
      await client.waitFor({ name: 'presence', attrs: { from: `${user}@${domain}/${resource}` } });
      return client;
    }

    async function subscribeBothWays(a: RawClient, aJid: string, b: RawClient, bJid: string) {
      for (const [from, fromJid, to, toJid] of [
        [a, aJid, b, bJid],
        [b, bJid, a, aJid],
      ] as const) {
        from.write(`<presence type='subscribe' to='${toJid}'/>`);
        await to.waitFor({ name: 'presence', attrs: { type: 'subscribe', from: fromJid } });
        to.write(`<presence type='subscribed' to='${fromJid}'/>`);
        await from.waitFor({
          name: 'iq',
          has: { name: 'item', attrs: { jid: toJid, subscription: /to|both/ } },
        });
      }
    }

    it('announces PEP on the account: the pep identity and the pubsub features the apps look for', async () => {
      const alice = await login('alice', 'disco');
      const info = await request(alice, `<iq type='get' to='alice@${D}'><query xmlns='${DISCO}'/></iq>`);
      const query = info.getChild('query', DISCO)!;
      assert.ok(
        query.getChildren('identity').some((i) => i.attrs.category === 'pubsub' && i.attrs.type === 'pep'),
      );
      const features = new Set(query.getChildren('feature').map((f) => String(f.attrs.var)));
      for (const feature of [
        'publish-options',
        'auto-create',
        'auto-subscribe',
        'last-published',
        'persistent-items',
        'access-presence',
        'access-open',
        'access-whitelist',
        'retract-items',
        'delete-nodes',
        'config-node',
        'config-node-max',
        'multi-items',
        'item-ids',
      ])
        assert.ok(features.has(`${PUBSUB}#${feature}`), feature);
      assert.ok(features.has('urn:xmpp:bookmarks:1#compat'));
      assert.ok(features.has('urn:xmpp:pep-vcard-conversion:0'));
      alice.close();
    });

    it('creates a node from publish-options, holds later publishes to them, and serves items by id and count', async () => {
      const alice = await login('alice', 'publish');
      const node = 'urn:example:notes';
      const options = { 'pubsub#access_model': 'open', 'pubsub#max_items': '3' };
      const first = await request(
        alice,
        publish(node, 'one', "<note xmlns='urn:example:notes'>1</note>", options),
      );
      assert.equal(first.attrs.type, 'result', first.toString());
      assert.equal(first.getChild('pubsub', PUBSUB)?.getChild('publish')?.getChild('item')?.attrs.id, 'one');

      const mismatch = await request(
        alice,
        publish(node, 'two', "<note xmlns='urn:example:notes'>2</note>", {
          'pubsub#access_model': 'whitelist',
        }),
      );
      assert.deepEqual(conditions(mismatch), ['conflict', 'precondition-not-met']);
      const unknown = await request(
        alice,
        publish(node, 'two', "<note xmlns='urn:example:notes'>2</note>", { 'pubsub#no_such_thing': '1' }),
      );
      assert.deepEqual(conditions(unknown), ['conflict', 'precondition-not-met']);

      for (const id of ['two', 'three', 'four'])
        assert.equal(
          (await request(alice, publish(node, id, `<note xmlns='urn:example:notes'>${id}</note>`, options)))
            .attrs.type,
          'result',
        );
      const all = await request(
        alice,
        `<iq type='get'><pubsub xmlns='${PUBSUB}'><items node='${node}'/></pubsub></iq>`,
      );
      assert.deepEqual(itemsOf(all), ['four', 'three', 'two'], 'max_items 3 keeps the newest three');
      const newest = await request(
        alice,
        `<iq type='get'><pubsub xmlns='${PUBSUB}'><items node='${node}' max_items='1'/></pubsub></iq>`,
      );
      assert.deepEqual(itemsOf(newest), ['four']);
      const byId = await request(
        alice,
        `<iq type='get'><pubsub xmlns='${PUBSUB}'><items node='${node}'><item id='two'/></items></pubsub></iq>`,
      );
      assert.deepEqual(itemsOf(byId), ['two']);
      assert.equal(
        byId.getChild('pubsub', PUBSUB)!.getChild('items')!.getChild('item')!.getChildText('note'),
        'two',
      );

      const retract = await request(
        alice,
        `<iq type='set'><pubsub xmlns='${PUBSUB}'><retract node='${node}'><item id='three'/></retract></pubsub></iq>`,
      );
      assert.equal(retract.attrs.type, 'result');
      const again = await request(
        alice,
        `<iq type='set'><pubsub xmlns='${PUBSUB}'><retract node='${node}'><item id='three'/></retract></pubsub></iq>`,
      );
      assert.deepEqual(conditions(again), ['item-not-found', undefined]);

      const form = await request(
        alice,
        `<iq type='get'><pubsub xmlns='${OWNER}'><configure node='${node}'/></pubsub></iq>`,
      );
      const fields = form
        .getChild('pubsub', OWNER)!
        .getChild('configure')!
        .getChild('x')!
        .getChildren('field');
      const value = (name: string) => fields.find((f) => f.attrs.var === name)?.getChildText('value');
      assert.equal(value('pubsub#access_model'), 'open');
      assert.equal(value('pubsub#max_items'), '3');

      const configure = await request(
        alice,
        `<iq type='set'><pubsub xmlns='${OWNER}'><configure node='${node}'><x xmlns='jabber:x:data' type='submit'><field var='FORM_TYPE' type='hidden'><value>http://jabber.org/protocol/pubsub#node_config</value></field><field var='pubsub#max_items'><value>max</value></field></x></configure></pubsub></iq>`,
      );
      assert.equal(configure.attrs.type, 'result', configure.toString());
      const maxed = await request(
        alice,
        publish(node, 'five', "<note xmlns='urn:example:notes'>5</note>", { 'pubsub#max_items': 'max' }),
      );
      assert.equal(maxed.attrs.type, 'result', 'max_items=max now matches');

      const removed = await request(
        alice,
        `<iq type='set'><pubsub xmlns='${OWNER}'><delete node='${node}'/></pubsub></iq>`,
      );
      assert.equal(removed.attrs.type, 'result');
      const gone = await request(
        alice,
        `<iq type='get'><pubsub xmlns='${PUBSUB}'><items node='${node}'/></pubsub></iq>`,
      );
      assert.deepEqual(conditions(gone), ['item-not-found', undefined]);
      alice.close();
    });

    it('lets only the owner publish, and refuses an item that is not one element', async () => {
      const bob = await login('bob', 'intruder');
      const foreign = await request(
        bob,
        publish('urn:example:notes', 'x', "<note xmlns='urn:example:notes'/>").replace(
          "<iq type='set'>",
          `<iq type='set' to='alice@${D}'>`,
        ),
      );
      assert.deepEqual(conditions(foreign), ['forbidden', undefined]);
      const empty = await request(
        bob,
        `<iq type='set'><pubsub xmlns='${PUBSUB}'><publish node='n'><item id='x'/></publish></pubsub></iq>`,
      );
      assert.deepEqual(conditions(empty), ['bad-request', 'payload-required']);
      bob.close();
    });

    it('keeps presence and whitelist nodes from those not allowed, on this host and on another', async () => {
      const carol = await available('carol', 'owner');
      const dave = await available('dave', 'contact');
      await subscribeBothWays(carol, `carol@${D}`, dave, `dave@${D}`);
      await request(
        carol,
        publish('urn:example:presence', 'p', "<x xmlns='urn:example:presence'/>", {
          'pubsub#access_model': 'presence',
        }),
      );
      await request(
        carol,
        publish('urn:xmpp:private', 'w', "<x xmlns='urn:xmpp:private'/>", {
          'pubsub#access_model': 'whitelist',
          'pubsub#persist_items': 'true',
        }),
      );
      const get = (node: string) =>
        `<iq type='get' to='carol@${D}'><pubsub xmlns='${PUBSUB}'><items node='${node}'/></pubsub></iq>`;

      assert.deepEqual(
        itemsOf(await request(dave, get('urn:example:presence'))),
        ['p'],
        'a contact reads a presence node',
      );
      assert.deepEqual(conditions(await request(dave, get('urn:xmpp:private'))), [
        'not-allowed',
        'closed-node',
      ]);

      const erin = await login('erin', 'stranger');
      assert.deepEqual(conditions(await request(erin, get('urn:example:presence'))), [
        'not-authorized',
        'presence-subscription-required',
      ]);
      assert.deepEqual(conditions(await request(erin, get('urn:xmpp:private'))), [
        'not-allowed',
        'closed-node',
      ]);

      const mallory = await login('mallory', 'other', OTHER);
      assert.deepEqual(conditions(await request(mallory, get('urn:example:presence'))), [
        'not-authorized',
        'presence-subscription-required',
      ]);
      assert.deepEqual(conditions(await request(mallory, get('urn:xmpp:private'))), [
        'not-allowed',
        'closed-node',
      ]);
      const subscribe = await request(
        mallory,
        `<iq type='set' to='carol@${D}'><pubsub xmlns='${PUBSUB}'><subscribe node='urn:xmpp:private' jid='mallory@${OTHER}'/></pubsub></iq>`,
      );
      assert.deepEqual(conditions(subscribe), ['not-allowed', 'closed-node']);
      const items = await request(
        mallory,
        `<iq type='get' to='carol@${D}'><query xmlns='http://jabber.org/protocol/disco#items'/></iq>`,
      );
      assert.deepEqual(
        items
          .getChild('query')!
          .getChildren('item')
          .map((i) => i.attrs.node),
        [],
        'disco#items lists no node a stranger cannot read',
      );
      for (const client of [carol, dave, erin, mallory]) client.close();
    });

    it('notifies +notify sessions, asks each new caps hash once, and sends the last item on presence', async () => {
      const NODE = 'urn:example:mood';
      const alice = await available('alice', 'notify');
      const bob = await available('bob', 'notify');
      await subscribeBothWays(alice, `alice@${D}`, bob, `bob@${D}`);
      await request(alice, publish(NODE, 'before', "<mood xmlns='urn:example:mood'>calm</mood>"));

      const bobPhone = await online('bob', 'phone', [NODE]);
      await answerCaps(bobPhone, [NODE]);
      const last = await bobPhone.waitFor({
        name: 'message',
        attrs: { from: `alice@${D}` },
        has: { name: 'item', attrs: { id: 'before' } },
      });
      assert.ok(
        last.getChild('event')!.getChild('items')!.getChild('item')!.getChild('delay'),
        'the last item carries its publication time',
      );

      const bobTablet = await online('bob', 'tablet', [NODE]);
      await bobTablet.waitFor({
        name: 'message',
        attrs: { from: `alice@${D}` },
        has: { name: 'item', attrs: { id: 'before' } },
      });
      assert.equal(
        bobTablet.find({ name: 'iq', attrs: { type: 'get' }, has: { name: 'query', xmlns: DISCO } }),
        undefined,
        'a known hash is not asked again',
      );

      const since = bobPhone.mark();
      const tabletSince = bobTablet.mark();
      const published = await request(
        alice,
        publish(NODE, 'after', "<mood xmlns='urn:example:mood'>happy</mood>"),
      );
      assert.equal(published.attrs.type, 'result', published.toString());
      const event = await bobPhone.waitFor(
        { name: 'message', has: { name: 'item', attrs: { id: 'after' } } },
        { since },
      );
      assert.equal(event.attrs.type, 'headline');
      assert.equal(
        event.getChild('event')!.getChild('items')!.getChild('item')!.getChildText('mood'),
        'happy',
      );
      await bobTablet.waitFor(
        { name: 'message', has: { name: 'item', attrs: { id: 'after' } } },
        { since: tabletSince },
      );

      const retractSince = bobPhone.mark();
      await request(
        alice,
        `<iq type='set'><pubsub xmlns='${PUBSUB}'><retract node='${NODE}'><item id='after'/></retract></pubsub></iq>`,
      );
      await bobPhone.waitFor(
        { name: 'message', has: { name: 'retract', attrs: { id: 'after' } } },
        { since: retractSince },
      );
      for (const client of [alice, bob, bobPhone, bobTablet]) client.close();
    });

    it('sends the last item when a subscription is approved and on an explicit subscribe, then notifies subscribers', async () => {
      const NODE = 'urn:example:status';
      const carol = await available('carol', 'status');
      await request(
        carol,
        publish(NODE, 'first', "<s xmlns='urn:example:status'>1</s>", { 'pubsub#access_model': 'open' }),
      );

      const erin = await online('erin', 'status', [NODE]);
      await answerCaps(erin, [NODE]);
      const roster = await request(erin, "<iq type='get'><query xmlns='jabber:iq:roster'/></iq>");
      assert.equal(roster.attrs.type, 'result');
      erin.write(`<presence type='subscribe' to='carol@${D}'/>`);
      await carol.waitFor({ name: 'presence', attrs: { type: 'subscribe', from: `erin@${D}` } });
      carol.write(`<presence type='subscribed' to='erin@${D}'/>`);
      await erin.waitFor(
        { name: 'message', attrs: { from: `carol@${D}` }, has: { name: 'item', attrs: { id: 'first' } } },
        { since: 0 as never },
      );

      const mallory = await login('mallory', 'subscriber', OTHER);
      const subscribed = await request(
        mallory,
        `<iq type='set' to='carol@${D}'><pubsub xmlns='${PUBSUB}'><subscribe node='${NODE}' jid='mallory@${OTHER}/subscriber'/></pubsub></iq>`,
      );
      assert.equal(
        subscribed.getChild('pubsub', PUBSUB)?.getChild('subscription')?.attrs.subscription,
        'subscribed',
      );
      await mallory.waitFor(
        { name: 'message', attrs: { from: `carol@${D}` }, has: { name: 'item', attrs: { id: 'first' } } },
        { since: 0 as never },
      );
      const mine = await request(
        mallory,
        `<iq type='get' to='carol@${D}'><pubsub xmlns='${PUBSUB}'><subscriptions/></pubsub></iq>`,
      );
      assert.deepEqual(
        mine
          .getChild('pubsub', PUBSUB)!
          .getChild('subscriptions')!
          .getChildren('subscription')
          .map((s) => s.attrs.node),
        [NODE],
      );
      const since = mallory.mark();
      await request(carol, publish(NODE, 'second', "<s xmlns='urn:example:status'>2</s>"));
      await mallory.waitFor({ name: 'message', has: { name: 'item', attrs: { id: 'second' } } }, { since });
      const unsubscribed = await request(
        mallory,
        `<iq type='set' to='carol@${D}'><pubsub xmlns='${PUBSUB}'><unsubscribe node='${NODE}' jid='mallory@${OTHER}/subscriber'/></pubsub></iq>`,
      );
      assert.equal(unsubscribed.attrs.type, 'result');
      const twice = await request(
        mallory,
        `<iq type='set' to='carol@${D}'><pubsub xmlns='${PUBSUB}'><unsubscribe node='${NODE}' jid='mallory@${OTHER}/subscriber'/></pubsub></iq>`,
      );
      assert.deepEqual(conditions(twice), ['unexpected-request', 'not-subscribed']);
      for (const client of [carol, erin, mallory]) client.close();
    });

    it("keeps XEP-0402 bookmarks private and tells the owner's other clients of changes", async () => {
      const BOOKMARKS = 'urn:xmpp:bookmarks:1';
      const options = {
        'pubsub#persist_items': 'true',
        'pubsub#max_items': 'max',
        'pubsub#send_last_published_item': 'never',
        'pubsub#access_model': 'whitelist',
      };
      const desktop = await online('dave', 'desktop', [BOOKMARKS]);
      await answerCaps(desktop, [BOOKMARKS]);
      const phone = await available('dave', 'phone');
      const since = desktop.mark();
      for (const room of ['one', 'two']) {
        const reply = await request(
          phone,
          publish(
            BOOKMARKS,
            `${room}@conference.${D}`,
            `<conference xmlns='${BOOKMARKS}' name='${room}' autojoin='true'><nick>dave</nick></conference>`,
            options,
          ),
        );
        assert.equal(reply.attrs.type, 'result', reply.toString());
      }
      await desktop.waitFor(
        { name: 'message', has: { name: 'item', attrs: { id: `two@conference.${D}` } } },
        { since },
      );
      const retract = await request(
        phone,
        `<iq type='set'><pubsub xmlns='${PUBSUB}'><retract node='${BOOKMARKS}' notify='true'><item id='one@conference.${D}'/></retract></pubsub></iq>`,
      );
      assert.equal(retract.attrs.type, 'result');
      await desktop.waitFor(
        { name: 'message', has: { name: 'retract', attrs: { id: `one@conference.${D}` } } },
        { since },
      );
      const all = await request(
        phone,
        `<iq type='get'><pubsub xmlns='${PUBSUB}'><items node='${BOOKMARKS}'/></pubsub></iq>`,
      );
      assert.deepEqual(itemsOf(all), [`two@conference.${D}`]);
      const erin = await login('erin', 'peek');
      const peek = await request(
        erin,
        `<iq type='get' to='dave@${D}'><pubsub xmlns='${PUBSUB}'><items node='${BOOKMARKS}'/></pubsub></iq>`,
      );
      assert.deepEqual(conditions(peek), ['not-allowed', 'closed-node']);
      for (const client of [desktop, phone, erin]) client.close();
    });

    it('forgets the PEP and private data of a removed member, so a new member of that name starts clean', async () => {
      await server.addMember(D, 'gone', PW);
      const gone = await login('gone', 'r');
      await request(
        gone,
        publish('urn:example:keys', 'k', "<k xmlns='urn:example:keys'/>", { 'pubsub#access_model': 'open' }),
      );
      await request(
        gone,
        "<iq type='set'><query xmlns='jabber:iq:private'><p xmlns='urn:example:p'/></query></iq>",
      );
      gone.close();
      const { db } = server.app.database;
      const hostId = hostIds.get(D)!;
      const rows = async () =>
        (
          await db
            .selectFrom('xmpp_pep_nodes')
            .select('node')
            .where('host_id', '=', hostId)
            .where('owner', '=', 'gone')
            .execute()
        ).length +
        (
          await db
            .selectFrom('xmpp_private_storage')
            .select('namespace')
            .where('host_id', '=', hostId)
            .where('username', '=', 'gone')
            .execute()
        ).length;
      assert.equal(await rows(), 2);
      await server.app.ctx.tenancy.members.remove({ kind: 'system' }, hostId, 'gone');
      while ((await rows()) > 0) await new Promise((resolve) => setImmediate(resolve));

      await server.addMember(D, 'gone', PW);
      const again = await login('gone', 'again');
      const items = await request(
        again,
        `<iq type='get'><pubsub xmlns='${PUBSUB}'><items node='urn:example:keys'/></pubsub></iq>`,
      );
      assert.deepEqual(conditions(items), ['item-not-found', undefined]);
      again.close();
    });

    it("holds each account to the plan's PEP storage", async () => {
      const hostId = hostIds.get(OTHER)!;
      await server.app.ctx.tenancy.hosts.setEntitlements(hostId, {
        maxMembers: 10,
        uploadQuotaMb: 1,
        archiveRetentionDays: 30,
        customDomain: false,
        pepStorageKb: 2,
      });
      const mallory = await login('mallory', 'quota', OTHER);
      const big = 'a'.repeat(1500);
      const ok = await request(
        mallory,
        publish('urn:example:big', 'one', `<b xmlns='urn:example:big'>${big}</b>`, {
          'pubsub#max_items': '10',
        }),
      );
      assert.equal(ok.attrs.type, 'result');
      const over = await request(
        mallory,
        publish('urn:example:big', 'two', `<b xmlns='urn:example:big'>${big}</b>`),
      );
      assert.deepEqual(conditions(over), ['not-acceptable', 'payload-too-big']);
      const replaced = await request(
        mallory,
        publish('urn:example:big', 'one', `<b xmlns='urn:example:big'>${big}</b>`),
      );
      assert.equal(replaced.attrs.type, 'result', 'replacing an item counts the old one out');
      mallory.close();
    });

    it('keeps private XML for its owner alone, and legacy bookmarks as XEP-0402 bookmarks', async () => {
      const erin = await login('erin', 'private');
      const stored = await request(
        erin,
        "<iq type='set'><query xmlns='jabber:iq:private'><prefs xmlns='urn:example:prefs'><colour>teal</colour></prefs></query></iq>",
      );
      assert.equal(stored.attrs.type, 'result');
      const read = await request(
        erin,
        "<iq type='get'><query xmlns='jabber:iq:private'><prefs xmlns='urn:example:prefs'/></query></iq>",
      );
      assert.equal(read.getChild('query')!.getChild('prefs')!.getChildText('colour'), 'teal');
      const bob = await login('bob', 'snoop');
      const snooped = await request(
        bob,
        `<iq type='get' to='erin@${D}'><query xmlns='jabber:iq:private'><prefs xmlns='urn:example:prefs'/></query></iq>`,
      );
      assert.deepEqual(conditions(snooped), ['forbidden', undefined]);

      const legacy = await request(
        erin,
        `<iq type='set'><query xmlns='jabber:iq:private'><storage xmlns='storage:bookmarks'><conference jid='council@conference.${D}' name='Council' autojoin='true'><nick>Erin</nick></conference></storage></query></iq>`,
      );
      assert.equal(legacy.attrs.type, 'result', legacy.toString());
      const pep = await request(
        erin,
        `<iq type='get'><pubsub xmlns='${PUBSUB}'><items node='urn:xmpp:bookmarks:1'/></pubsub></iq>`,
      );
      const item = pep.getChild('pubsub', PUBSUB)!.getChild('items')!.getChild('item')!;
      assert.equal(item.attrs.id, `council@conference.${D}`);
      assert.equal(item.getChild('conference', 'urn:xmpp:bookmarks:1')?.attrs.autojoin, 'true');
      assert.equal(item.getChild('conference')!.getChildText('nick'), 'Erin');
      const config = await request(
        erin,
        `<iq type='get'><pubsub xmlns='${OWNER}'><configure node='urn:xmpp:bookmarks:1'/></pubsub></iq>`,
      );
      const access = config
        .getChild('pubsub', OWNER)!
        .getChild('configure')!
        .getChild('x')!
        .getChildren('field')
        .find((f) => f.attrs.var === 'pubsub#access_model');
      assert.equal(access?.getChildText('value'), 'whitelist', 'bookmarks are private');

      await request(
        erin,
        publish(
          'urn:xmpp:bookmarks:1',
          `garden@conference.${D}`,
          "<conference xmlns='urn:xmpp:bookmarks:1' name='Garden' autojoin='false'/>",
        ),
      );
      const back = await request(
        erin,
        "<iq type='get'><query xmlns='jabber:iq:private'><storage xmlns='storage:bookmarks'/></query></iq>",
      );
      const conferences = back
        .getChild('query')!
        .getChild('storage', 'storage:bookmarks')!
        .getChildren('conference');
      assert.deepEqual(
        conferences.map((c) => [c.attrs.jid, c.attrs.name, c.attrs.autojoin]),
        [
          [`council@conference.${D}`, 'Council', 'true'],
          [`garden@conference.${D}`, 'Garden', 'false'],
        ],
      );
      erin.close();
      bob.close();
    });

    it('converts avatars between XEP-0084 and the vCard photo (XEP-0398)', async () => {
      const dave = await login('dave', 'avatar');
      const image = Buffer.from('not really a png, but bytes all the same');
      const { createHash } = await import('node:crypto');
      const id = createHash('sha1').update(image).digest('hex');
      await request(
        dave,
        publish(
          'urn:xmpp:avatar:data',
          id,
          `<data xmlns='urn:xmpp:avatar:data'>${image.toString('base64')}</data>`,
        ),
      );
      await request(
        dave,
        publish(
          'urn:xmpp:avatar:metadata',
          id,
          `<metadata xmlns='urn:xmpp:avatar:metadata'><info id='${id}' bytes='${image.length}' type='image/png'/></metadata>`,
        ),
      );
      const vcard = await request(dave, "<iq type='get'><vCard xmlns='vcard-temp'/></iq>");
      const photo = vcard.getChild('vCard')!.getChild('PHOTO')!;
      assert.equal(photo.getChildText('TYPE'), 'image/png');
      assert.equal(photo.getChildText('BINVAL'), image.toString('base64'));

      const other = Buffer.from('another picture');
      const otherId = createHash('sha1').update(other).digest('hex');
      const set = await request(
        dave,
        `<iq type='set'><vCard xmlns='vcard-temp'><FN>Dave</FN><PHOTO><TYPE>image/jpeg</TYPE><BINVAL>${other.toString('base64')}</BINVAL></PHOTO></vCard></iq>`,
      );
      assert.equal(set.attrs.type, 'result');
      const metadata = await request(
        dave,
        `<iq type='get'><pubsub xmlns='${PUBSUB}'><items node='urn:xmpp:avatar:metadata' max_items='1'/></pubsub></iq>`,
      );
      const info = metadata
        .getChild('pubsub', PUBSUB)!
        .getChild('items')!
        .getChild('item')!
        .getChild('metadata')!
        .getChild('info')!;
      assert.equal(info.attrs.id, otherId);
      assert.equal(info.attrs.type, 'image/jpeg');
      const data = await request(
        dave,
        `<iq type='get'><pubsub xmlns='${PUBSUB}'><items node='urn:xmpp:avatar:data'><item id='${otherId}'/></items></pubsub></iq>`,
      );
      assert.equal(
        data.getChild('pubsub', PUBSUB)!.getChild('items')!.getChild('item')!.getChildText('data'),
        other.toString('base64'),
      );
      dave.close();
    });
  });
}
