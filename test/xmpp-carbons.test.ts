/**
 * XEP-0280 message carbons over raw sockets, where they meet other modules: discovery, the archive
 * id a copy carries, `<private/>` (kept out of the archive too) and `<no-copy/>`, offline storage
 * and blocking. Who gets which copy, enabling and disabling are the module's own unit tests
 * (src/xmpp/modules/carbons/carbons.test.ts). "Nothing arrived" is checked after a ping round
 * trip, which the server answers after any copy it would have sent.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { testDialects } from './support/databases.js';
import type { Element } from '../src/xmpp/stanza/index.js';
import { anyOf, messageWith, stanzaError, type ElementPattern } from './xmpp/element-match.js';
import { loginRaw, request, type Mark, type RawClient } from './xmpp/raw-client.js';
import { MEMBER_PASSWORD, serveRawHost } from './xmpp/raw-host.js';
import type { XmppTestServer } from './xmpp/server-harness.js';

const D = 'carbons.example.test';
const CARBONS = 'urn:xmpp:carbons:2';
const CARBON = {
  name: 'message',
  has: anyOf({ name: 'received', xmlns: CARBONS }, { name: 'sent', xmlns: CARBONS }),
};
/** The copy's payload: the message it forwards. */
const forwardedOf = (carbon: Element) =>
  carbon.children
    .filter((c): c is Element => typeof c !== 'string')[0]
    ?.getChild('forwarded', 'urn:xmpp:forward:0')
    ?.getChild('message');

for (const dialect of testDialects()) {
  describe(`XEP-0280 message carbons (${dialect})`, () => {
    let server: XmppTestServer;
    let ca: string;
    const open = serveRawHost(dialect, D, (host) => ({ server, ca } = host));
    /** Where each client's test began: "nothing arrived" checks look from there. */
    const onlineAt = new Map<RawClient, Mark>();

    async function online(
      user: string,
      resource: string,
      options: { carbons?: boolean; priority?: number } = {},
    ): Promise<RawClient> {
      const client = await loginRaw(server.c2sPort, D, user, MEMBER_PASSWORD, ca, resource);
      open.push(client);
      const priority = options.priority === undefined ? '' : `<priority>${options.priority}</priority>`;
      client.write(`<presence>${priority}</presence>`);
      await client.waitFor({ name: 'presence', attrs: { from: `${user}@${D}/${resource}` } });
      if (options.carbons) await enable(client);
      onlineAt.set(client, client.mark());
      return client;
    }

    async function enable(client: RawClient, verb: 'enable' | 'disable' = 'enable'): Promise<void> {
      const reply = await request(client, `<iq type='set'><${verb} xmlns='${CARBONS}'/></iq>`);
      assert.equal(reply.attrs.type, 'result');
    }

    /** Resolves once the server has answered a ping sent now, and so sent what it was sending. */
    async function settle(client: RawClient): Promise<void> {
      await request(client, `<iq type='get' to='${D}'><ping xmlns='urn:xmpp:ping'/></iq>`);
    }

    /**
     * Whether anything matching arrived since the client came online (or since `since`), once
     * the client is settled.
     */
    async function hasReceived(client: RawClient, match: ElementPattern, since?: Mark): Promise<boolean> {
      await settle(client);
      return client.find(match, since ?? onlineAt.get(client)) !== undefined;
    }

    async function assertNoCarbon(...clients: RawClient[]): Promise<void> {
      for (const client of clients) assert.equal(await hasReceived(client, CARBON), false);
    }

    const chat = (to: string, body: string, extra = '') =>
      `<message type='chat' to='${to}' id='${body}'><body>${body}</body>${extra}</message>`;

    /** Waits for the original message (not a copy) with this body, from the client's start on. */
    function original(client: RawClient, body: string): Promise<Element> {
      return client.waitFor(messageWith(body), { since: onlineAt.get(client) });
    }

    it('advertises the feature on the server', async () => {
      const client = await online('judy', 'r');
      const info = await request(
        client,
        `<iq type='get' to='${D}'><query xmlns='http://jabber.org/protocol/disco#info'/></iq>`,
      );
      assert.ok(
        info
          .getChild('query')
          ?.getChildren('feature')
          .some((f) => f.attrs.var === CARBONS),
        info.toString(),
      );
    });

    it('sends the copy of a received message on the wire, with the archive id MAM gave it', async () => {
      const a = await online('alice', 'A', { carbons: true });
      const b = await online('alice', 'B', { carbons: true });
      const bob = await online('bob', 'r');
      bob.write(chat(`alice@${D}/A`, 'hello-a'));
      assert.equal((await original(a, 'hello-a')).attrs.from, `bob@${D}/r`);
      const carbon = await b.waitFor(CARBON, { since: onlineAt.get(b) });
      assert.deepEqual(
        [carbon.attrs.from, carbon.attrs.to, carbon.attrs.type],
        [`alice@${D}`, `alice@${D}/B`, 'chat'],
      );
      assert.equal(carbon.getChild('received', CARBONS)?.getChildren('forwarded').length, 1);
      const copied = forwardedOf(carbon)!;
      assert.deepEqual(
        [copied.attrs.from, copied.attrs.xmlns, copied.getChildText('body')],
        [`bob@${D}/r`, 'jabber:client', 'hello-a'],
      );
      // The copy is made after archiving: it carries the id of the message in Alice's archive.
      assert.equal(copied.getChild('stanza-id', 'urn:xmpp:sid:0')?.attrs.by, `alice@${D}`);
      await assertNoCarbon(a, bob);
    });

    it('makes no copies of private or no-copy messages, and removes <private/> on delivery', async () => {
      const a = await online('ivan', 'A', { carbons: true });
      const b = await online('ivan', 'B', { carbons: true });
      const judy = await online('judy', 'p', { carbons: true });
      const judy2 = await online('judy', 'q', { carbons: true });
      a.write(chat(`judy@${D}/p`, 'secret', `<private xmlns='${CARBONS}'/>`));
      const received = await original(judy, 'secret');
      assert.equal(received.getChild('private'), undefined);
      judy.write(chat(`ivan@${D}/A`, 'no-copy', "<no-copy xmlns='urn:xmpp:hints'/>"));
      await original(a, 'no-copy');
      await assertNoCarbon(b, judy2, a, judy);
      // <private/> is for the servers: it is not kept in the archive either.
      const beforeQuery = judy.mark();
      await request(judy, `<iq type='set'><query xmlns='urn:xmpp:mam:2' queryid='p'/></iq>`);
      const result = judy.find(
        { name: 'message', has: { name: 'result', attrs: { queryid: 'p' }, has: messageWith('secret') } },
        beforeQuery,
      );
      assert.ok(result, 'the archive has the private message');
      assert.equal(judy.find({ has: { name: 'private' } }, beforeQuery), undefined);
    });

    it('copies nothing of a message that goes to offline storage; the session gets it once, at presence', async () => {
      // Bound and carbons enabled, but no presence yet: not available, so the message is stored.
      const kate = await loginRaw(server.c2sPort, D, 'kate', MEMBER_PASSWORD, ca, 'early');
      open.push(kate);
      await enable(kate);
      onlineAt.set(kate, kate.mark());
      const liam = await online('liam', 'r');
      liam.write(chat(`kate@${D}`, 'while-away'));
      // The server handles a connection's stanzas in order: once liam's ping is answered, the
      // message is stored.
      await settle(liam);
      await assertNoCarbon(kate);
      assert.equal(await hasReceived(kate, { has: { name: 'body', text: 'while-away' } }), false);
      kate.write('<presence/>');
      await original(kate, 'while-away');
      await settle(kate);
      const copies = kate
        .received(onlineAt.get(kate))
        .filter((e) => e.getChildren('body').some((body) => body.text() === 'while-away') || forwardedOf(e));
      assert.equal(copies.length, 1, copies.join('\n'));
    });

    it('makes no copy of a message the recipient blocked', async () => {
      const a = await online('alice', 'blockA', { carbons: true });
      const b = await online('alice', 'blockB', { carbons: true });
      const bob = await online('bob', 'block');
      const blocked = await request(
        a,
        `<iq type='set'><block xmlns='urn:xmpp:blocking'><item jid='bob@${D}'/></block></iq>`,
      );
      assert.equal(blocked.attrs.type, 'result');
      bob.write(chat(`alice@${D}/blockA`, 'blocked'));
      await bob.waitFor(stanzaError('message', 'service-unavailable', { id: 'blocked' }));
      for (const client of [a, b])
        assert.equal(await hasReceived(client, { has: { name: 'body', text: 'blocked' } }), false);
      await request(a, `<iq type='set'><unblock xmlns='urn:xmpp:blocking'/></iq>`);
    });
  });
}
