/**
 * XEP-0198 stream management over raw sockets: enabling, counting both ways (the server asks for
 * acknowledgements after a few stanzas or after a while on the simulated clock), resumption after
 * a lost connection with what was not acknowledged sent again, the resumption timeout handing
 * messages to offline storage, and the errors. @xmpp/client resuming over WebSocket is
 * test/xmpp-client-sm.test.ts.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { testDialects } from './support/databases.js';
import type { Element } from '../src/xmpp/stanza/index.js';
import type { Session } from '../src/xmpp/core/index.js';
import { messageWith, streamError, type Match } from './xmpp/element-match.js';
import { authenticateRaw, bind, loginRaw, request, type RawClient } from './xmpp/raw-client.js';
import { MEMBER_PASSWORD, serveRawHost } from './xmpp/raw-host.js';
import type { XmppTestServer } from './xmpp/server-harness.js';

const D = 'sm.example.test';
const SM = 'urn:xmpp:sm:3';
const STANZAS = 'urn:ietf:params:xml:ns:xmpp-stanzas';

const failed = (condition: string): Match => ({
  name: 'failed',
  xmlns: SM,
  has: { name: condition, xmlns: STANZAS },
});

for (const dialect of testDialects()) {
  describe(`XEP-0198 stream management (${dialect})`, () => {
    let server: XmppTestServer;
    let ca: string;
    const open = serveRawHost(dialect, D, (host) => ({ server, ca } = host));

    async function online(user: string, resource = 'phone', presence = true): Promise<RawClient> {
      const client = await loginRaw(server.c2sPort, D, user, MEMBER_PASSWORD, ca, resource);
      open.push(client);
      if (presence) {
        client.write('<presence/>');
        await client.waitFor({ name: 'presence', attrs: { from: `${user}@${D}/${resource}` } });
      }
      return client;
    }

    async function enable(client: RawClient, resume = true): Promise<Element> {
      client.write(`<enable xmlns='${SM}'${resume ? " resume='true'" : ''}/>`);
      return client.waitFor({ name: 'enabled', xmlns: SM });
    }

    /** Resolves when the server has handled everything `client` sent before. */
    async function roundTrip(client: RawClient): Promise<void> {
      await request(client, `<iq type='get' to='${D}'><ping xmlns='urn:xmpp:ping'/></iq>`);
    }

    /** Resolves when `event` fires for the session of `fullJid`. */
    function sessionEvent(event: 'session/detached' | 'session/closed', fullJid: string): Promise<Session> {
      return new Promise((resolve) => {
        const off = server.xmpp.core.hooks.on(event, 0, ({ session }) => {
          if (`${session.jid.local}@${session.jid.domain}/${session.jid.resource}` !== fullJid) return;
          off();
          resolve(session);
        });
      });
    }

    function send(from: RawClient, to: string, body: string): void {
      from.write(`<message type='chat' to='${to}' id='${body}'><body>${body}</body></message>`);
    }

    it('offers sm after authentication, enables with resumption and answers <r/> with the count', async () => {
      const client = await authenticateRaw(server.c2sPort, D, 'alice', MEMBER_PASSWORD, ca);
      open.push(client);
      assert.ok(client.find({ name: 'stream:features', has: { name: 'sm', xmlns: SM } }));
      client.write(`<enable xmlns='${SM}' resume='true'/>`);
      await client.waitFor(failed('unexpected-request'));
      assert.equal((await bind(client, 'count')).attrs.type, 'result');
      const enabled = await enable(client);
      assert.match(String(enabled.attrs.id), /^[\w-]{16,}$/);
      assert.equal(enabled.attrs.resume, 'true');
      assert.equal(enabled.attrs.max, '300');
      await roundTrip(client);
      await roundTrip(client);
      client.write(`<r xmlns='${SM}'/>`);
      assert.equal((await client.waitFor({ name: 'a', xmlns: SM })).attrs.h, '2');
      client.write(`<enable xmlns='${SM}'/>`);
      await client.waitFor(failed('unexpected-request'));
    });

    it('asks for an acknowledgement after five stanzas, and after a while for fewer', async () => {
      const bob = await online('bob');
      const carol = await online('carol');
      await enable(bob, false);
      for (let n = 1; n <= 4; n++) send(carol, `bob@${D}`, `few${n}`);
      await bob.waitFor(messageWith('few4'));
      assert.equal(bob.find({ name: 'r', xmlns: SM }), undefined, 'not before five');
      const beforeFifth = bob.mark();
      send(carol, `bob@${D}`, 'few5');
      await bob.waitFor({ name: 'r', xmlns: SM }, { since: beforeFifth });
      bob.write(`<a xmlns='${SM}' h='5'/>`);
      await roundTrip(bob);
      const beforeLone = bob.mark();
      send(carol, `bob@${D}`, 'lone');
      await bob.waitFor(messageWith('lone'));
      assert.equal(bob.find({ name: 'r', xmlns: SM }, beforeLone), undefined);
      server.app.clock.advance(5_000);
      await bob.waitFor({ name: 'r', xmlns: SM }, { since: beforeLone });
    });

    it('resumes after a dropped connection: same resource and presence, unacknowledged stanzas again', async () => {
      const dave = await online('dave');
      const erin = await online('erin');
      const { attrs } = await enable(dave);
      send(erin, `dave@${D}`, 'before-drop');
      await dave.waitFor(messageWith('before-drop'));
      const detached = sessionEvent('session/detached', `dave@${D}/phone`);
      dave.close();
      await detached;
      send(erin, `dave@${D}`, 'while-away');
      await roundTrip(erin);

      const again = await authenticateRaw(server.c2sPort, D, 'dave', MEMBER_PASSWORD, ca);
      open.push(again);
      const beforeResume = again.mark();
      again.write(`<resume xmlns='${SM}' previd='${String(attrs.id)}' h='0'/>`);
      const resumed = await again.waitFor({ name: 'resumed', xmlns: SM });
      assert.equal(resumed.attrs.h, '0', 'dave sent nothing since enabling');
      await again.waitFor(messageWith('before-drop'), { since: beforeResume });
      await again.waitFor(messageWith('while-away'), { since: beforeResume });
      // Still available (a message to the bare JID is delivered, not stored) with the same resource.
      send(erin, `dave@${D}`, 'after-resume');
      await again.waitFor(messageWith('after-resume'));
      send(again, `erin@${D}`, 'from-dave');
      await erin.waitFor(messageWith('from-dave', { from: `dave@${D}/phone` }));
      again.write(`<r xmlns='${SM}'/>`);
      assert.equal((await again.waitFor({ name: 'a', xmlns: SM })).attrs.h, '1', 'counting goes on');
    });

    it('replaces a connection that is still open when its session is resumed elsewhere', async () => {
      const frank = await online('frank');
      const { attrs } = await enable(frank);
      const other = await authenticateRaw(server.c2sPort, D, 'frank', MEMBER_PASSWORD, ca);
      open.push(other);
      const beforeResume = frank.mark();
      other.write(`<resume xmlns='${SM}' previd='${String(attrs.id)}' h='0'/>`);
      await other.waitFor({ name: 'resumed', xmlns: SM });
      await frank.waitFor(streamError('conflict'), { since: beforeResume });
      await frank.waitClosed();
      await roundTrip(other);
    });

    it('ends a session not resumed in time, its unacknowledged messages going to offline storage', async () => {
      const gina = await online('gina');
      const hank = await online('hank');
      await enable(gina);
      send(hank, `gina@${D}`, 'unacked');
      await gina.waitFor(messageWith('unacked'));
      const detached = sessionEvent('session/detached', `gina@${D}/phone`);
      gina.close();
      await detached;
      send(hank, `gina@${D}`, 'queued');
      await roundTrip(hank);
      const closed = sessionEvent('session/closed', `gina@${D}/phone`);
      server.app.clock.advance(299_000);
      server.app.clock.advance(1_000);
      await closed;

      const again = await online('gina', 'laptop', false);
      const beforePresence = again.mark();
      again.write('<presence/>');
      const first = await again.waitFor(messageWith('unacked'), { since: beforePresence });
      assert.ok(first.getChild('delay', 'urn:xmpp:delay'), 'from offline storage');
      await again.waitFor(messageWith('queued'), { since: beforePresence });
      // The old id is gone.
      const late = await authenticateRaw(server.c2sPort, D, 'gina', MEMBER_PASSWORD, ca);
      open.push(late);
      late.write(`<resume xmlns='${SM}' previd='nope' h='0'/>`);
      await late.waitFor(failed('item-not-found'));
    });

    it('hands a message left unacknowledged to the account’s other resource, archived once', async () => {
      const phone = await online('kate', 'phone');
      const laptop = await online('kate', 'laptop');
      const liam = await online('liam');
      await enable(phone);
      send(liam, `kate@${D}/phone`, 'for-the-phone');
      await phone.waitFor(messageWith('for-the-phone'));
      const detached = sessionEvent('session/detached', `kate@${D}/phone`);
      phone.close();
      await detached;
      const closed = sessionEvent('session/closed', `kate@${D}/phone`);
      const beforeTimeout = laptop.mark();
      server.app.clock.advance(300_000);
      await closed;
      const handed = await laptop.waitFor(messageWith('for-the-phone'), { since: beforeTimeout });
      assert.equal(handed.attrs.from, `liam@${D}/phone`);

      const asked = laptop.mark();
      const fin = await request(laptop, `<iq type='set'><query xmlns='urn:xmpp:mam:2' queryid='q'/></iq>`);
      const archived = laptop
        .received(asked)
        .filter((m) => m !== fin)
        .map((m) => m.getChild('result', 'urn:xmpp:mam:2')?.getChild('forwarded')?.getChild('message'))
        .filter((m) => m?.getChildText('body') === 'for-the-phone');
      assert.equal(archived.length, 1, 'archived when it was routed, not again when handed on');
    });

    it('will not resume another account’s session nor a malformed request, and refuses a count it never sent', async () => {
      const ivan = await online('ivan');
      const judy = await online('judy');
      const { attrs } = await enable(ivan);
      const thief = await authenticateRaw(server.c2sPort, D, 'judy', MEMBER_PASSWORD, ca);
      open.push(thief);
      thief.write(`<resume xmlns='${SM}' previd='${String(attrs.id)}' h='0'/>`);
      await thief.waitFor(failed('item-not-found'));
      thief.write(`<resume xmlns='${SM}' previd='${String(attrs.id)}'/>`);
      await thief.waitFor(failed('bad-request'));

      send(judy, `ivan@${D}`, 'one');
      await ivan.waitFor(messageWith('one'));
      ivan.write(`<a xmlns='${SM}' h='5'/>`);
      const error = await ivan.waitFor(
        streamError('undefined-condition', [
          { name: 'handled-count-too-high', xmlns: SM, attrs: { h: '5', 'send-count': '1' } },
        ]),
      );
      assert.ok(error);
      await ivan.waitClosed();
    });
  });
}
