/**
 * Per-connection limits over real sockets: the byte-rate bucket pauses reading, negotiation that
 * never finishes is cut off, and an account may bind only so many resources. Time is the simulated
 * clock: throttling pauses and the negotiation timeout end only when the test moves it, so nothing
 * here waits on real time.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { testDialects } from './support/databases.js';
import { messageWith, streamError } from './xmpp/element-match.js';
import {
  authenticateRaw,
  bind,
  loginRaw,
  RawClient,
  request,
  streamHeader,
  type Mark,
} from './xmpp/raw-client.js';
import { startXmppTestServer, type XmppTestServer } from './xmpp/server-harness.js';

const D = 'limits.example.test';
const PW = 'correct horse battery';
const NEGOTIATION_TIMEOUT_MS = 30_000;
const BYTES_PER_SECOND = 1000;
const BURST_BYTES = 6000;
/** The ping module's defaults: a ping every five minutes, a minute to answer it. */
const PING_INTERVAL_MS = 5 * 60_000;
const PING_TIMEOUT_MS = 60_000;

/** STARTTLS and SASL PLAIN, stopping at the features after the post-auth restart (bind not done). */
const authenticate = (port: number, username: string, ca: string) =>
  authenticateRaw(port, D, username, PW, ca);

const SERVER_PING = { name: 'iq', attrs: { type: 'get' }, has: { name: 'ping', xmlns: 'urn:xmpp:ping' } };

const floods = (count: number) => Array.from({ length: count }, (_, i) => `flood-${i + 1}`);

/** The numbered bodies (`flood-3`) of the messages received since `since`, in order. */
function bodies(client: RawClient, prefix: string, since: Mark): string[] {
  return client
    .received(since)
    .map((e) => e.getChildText('body')?.match(new RegExp(`^${prefix}-\\d+`))?.[0])
    .filter((body): body is string => body !== undefined);
}

for (const dialect of testDialects()) {
  describe(`XMPP connection limits (${dialect})`, () => {
    let server: XmppTestServer;
    let ca: string;

    before(async () => {
      server = await startXmppTestServer(dialect, {
        limits: {
          bytesPerSecond: BYTES_PER_SECOND,
          burstBytes: BURST_BYTES,
          negotiationTimeoutMs: NEGOTIATION_TIMEOUT_MS,
          maxSessionsPerUser: 2,
        },
      });
      await server.addHost(D);
      for (const name of ['alice', 'bob', 'carol', 'dave', 'erin', 'frank', 'gina'])
        await server.addMember(D, name, PW);
      ca = await server.certificatePem(D);
    });
    after(() => server.close());

    describe('byte rate', () => {
      it('stops reading a flooding client until the clock refills its bucket, losing nothing', async () => {
        const alice = await loginRaw(server.c2sPort, D, 'alice', PW, ca, 'flood');
        const bob = await loginRaw(server.c2sPort, D, 'bob', PW, ca, 'calm');
        const carol = await loginRaw(server.c2sPort, D, 'carol', PW, ca, 'other');
        const [bobBefore, aliceBefore] = [bob.mark(), alice.mark()];
        const message = (i: number) =>
          `<message to='bob@${D}/calm' type='chat'><body>flood-${i} ${'x'.repeat(1000)}</body></message>`;

        // More than the whole burst in one write: one TLS record, so the server reads it in one go,
        // handles every stanza in it, and then pauses reading this connection.
        const burst = Array.from({ length: 7 }, (_, i) => message(i + 1)).join('');
        assert.ok(burst.length > BURST_BYTES);
        alice.write(burst);
        await bob.waitFor(messageWith(/^flood-7 /));

        // Written after the pause: it waits in the socket, however long the others keep talking.
        const rest = Array.from({ length: 3 }, (_, i) => message(i + 8)).join('');
        alice.write(`${rest}<iq type='get' id='after-flood' to='${D}'><ping xmlns='urn:xmpp:ping'/></iq>`);
        const stillThrottled = async (round: number) => {
          carol.write(`<message to='bob@${D}/calm' type='chat'><body>carol-${round}</body></message>`);
          await bob.waitFor(messageWith(`carol-${round}`));
          assert.equal(
            (await request(carol, `<iq type='get' to='${D}'><ping xmlns='urn:xmpp:ping'/></iq>`)).attrs.type,
            'result',
          );
          assert.deepEqual(bodies(bob, 'flood', bobBefore), floods(7));
          assert.equal(alice.find({ attrs: { id: 'after-flood' } }, aliceBefore), undefined);
        };
        await stillThrottled(1);
        // 1 ms refills one byte: far from the deficit of over a thousand.
        server.app.clock.advance(1);
        await stillThrottled(2);

        server.app.clock.advance(60_000);
        const pong = await alice.waitFor({ name: 'iq', attrs: { id: 'after-flood' } });
        assert.equal(pong.attrs.type, 'result');
        await bob.waitFor(messageWith(/^flood-10 /), { since: bobBefore });
        assert.deepEqual(bodies(bob, 'flood', bobBefore), floods(10));
        assert.deepEqual(bodies(bob, 'carol', bobBefore), ['carol-1', 'carol-2']);
        for (const client of [alice, bob, carol]) client.close();
      });
    });

    describe('negotiation timeout', () => {
      it('closes a stream that stops after its header with connection-timeout', async () => {
        const client = await RawClient.connect(server.c2sPort);
        client.write(streamHeader(D));
        await client.waitFor({ name: 'stream:features' });
        server.app.clock.advance(NEGOTIATION_TIMEOUT_MS);
        await client.waitFor(
          streamError('connection-timeout', [{ name: 'text', text: 'stream negotiation took too long' }]),
        );
        await client.waitClosed();
      });

      it('keeps an authenticated but unbound stream until the timeout, then closes it', async () => {
        const client = await authenticate(server.c2sPort, 'frank', ca);
        const authenticated = client.mark();
        server.app.clock.advance(NEGOTIATION_TIMEOUT_MS - 1);
        // Still open one millisecond before: the legacy session request before binding is answered.
        client.write("<iq type='set' id='sess1'><session xmlns='urn:ietf:params:xml:ns:xmpp-session'/></iq>");
        await client.waitFor({ name: 'iq', attrs: { id: 'sess1', type: 'result' } });
        assert.equal(client.find({ name: 'stream:error' }, authenticated), undefined);
        server.app.clock.advance(1);
        await client.waitFor(streamError('connection-timeout'));
        await client.waitClosed();
      });

      it('never times out a bound session', async () => {
        const client = await loginRaw(server.c2sPort, D, 'frank', PW, ca, 'bound');
        server.app.clock.advance(10 * NEGOTIATION_TIMEOUT_MS);
        assert.equal(
          (await request(client, `<iq type='get' to='${D}'><ping xmlns='urn:xmpp:ping'/></iq>`)).attrs.type,
          'result',
        );
        assert.equal(client.find({ name: 'stream:error' }), undefined);
        client.close();
      });
    });

    describe('sessions per account (RFC 6120 §7.6.2.1)', () => {
      it('refuses a bind over the cap with a resource-constraint stanza error and keeps the stream', async () => {
        const one = await loginRaw(server.c2sPort, D, 'dave', PW, ca, 'one');
        const two = await loginRaw(server.c2sPort, D, 'dave', PW, ca, 'two');
        const three = await authenticate(server.c2sPort, 'dave', ca);

        const refused = await bind(three, 'three', 'bind-a');
        assert.equal(refused.attrs.type, 'error');
        // §8.3.3.18: resource-constraint is a "wait" condition: the client may try again later.
        const error = refused.getChild('error')!;
        assert.equal(error.attrs.type, 'wait');
        assert.ok(
          error.getChild('resource-constraint', 'urn:ietf:params:xml:ns:xmpp-stanzas'),
          error.toString(),
        );
        assert.equal(three.find({ name: 'stream:error' }), undefined);

        // The cap is per account: another member binds as usual.
        const erin = await loginRaw(server.c2sPort, D, 'erin', PW, ca, 'one');

        // Once a session ends, the same stream binds on retry. The server's closing tag comes after
        // it has dropped the session.
        one.write('</stream:stream>');
        await one.waitClosed();
        const bound = await bind(three, 'three', 'bind-b');
        assert.equal(bound.getChild('bind')?.getChildText('jid'), `dave@${D}/three`);
        for (const client of [two, three, erin]) client.close();
      });

      it('lets a resource already bound be taken over at the cap, replacing the old session', async () => {
        const one = await loginRaw(server.c2sPort, D, 'gina', PW, ca, 'a');
        const two = await loginRaw(server.c2sPort, D, 'gina', PW, ca, 'b');
        const beforeAgain = two.mark();
        const again = await loginRaw(server.c2sPort, D, 'gina', PW, ca, 'b');
        await two.waitFor(streamError('conflict'), { since: beforeAgain });
        await two.waitClosed();
        assert.equal(
          (await request(again, `<iq type='get' to='${D}'><ping xmlns='urn:xmpp:ping'/></iq>`)).attrs.type,
          'result',
        );
        for (const client of [one, again]) client.close();
      });
    });
  });

  // The ping module's interval and reply timeout follow the injected clock, like the limits above:
  // with the default options, the test moves the clock to each deadline and waits for the ping and
  // the close as events. Real time never triggers either.
  describe(`XMPP dead-connection detection (${dialect})`, () => {
    let server: XmppTestServer;
    let ca: string;

    before(async () => {
      server = await startXmppTestServer(dialect, {
        // A negotiation timeout past the whole ping cycle, so the stream waiting to bind outlives it.
        limits: { maxSessionsPerUser: 1, negotiationTimeoutMs: 2 * (PING_INTERVAL_MS + PING_TIMEOUT_MS) },
      });
      await server.addHost(D);
      await server.addMember(D, 'alice', PW);
      ca = await server.certificatePem(D);
    });
    after(() => server.close());

    it('closes a session that never answers a ping, which frees its place under the cap', async () => {
      const { clock } = server.app;
      // Authenticated but not yet bound, so not pinged and not counted.
      const waiting = await authenticate(server.c2sPort, 'alice', ca);
      const silent = await loginRaw(server.c2sPort, D, 'alice', PW, ca, 'silent');
      const bound = silent.mark();
      // The client's own ping is a round trip: what the server did on the advance is sent before it.
      const stillOpen = async () =>
        assert.equal(
          (await request(silent, `<iq type='get' to='${D}'><ping xmlns='urn:xmpp:ping'/></iq>`)).attrs.type,
          'result',
        );

      clock.advance(PING_INTERVAL_MS - 1);
      await stillOpen();
      assert.equal(silent.find(SERVER_PING, bound), undefined);
      clock.advance(1);
      await silent.waitFor(SERVER_PING);

      clock.advance(PING_TIMEOUT_MS - 1);
      await stillOpen();
      assert.equal(silent.find({ name: 'stream:error' }, bound), undefined);
      clock.advance(1);
      await silent.waitFor(streamError('connection-timeout', [{ name: 'text', text: /no answer to ping/ }]));
      await silent.waitClosed();
      assert.equal(server.xmpp.sessionsCount(), 0);
      const next = await bind(waiting, 'next', 'bind-c');
      assert.equal(next.getChild('bind')?.getChildText('jid'), `alice@${D}/next`);
      waiting.close();
    });
  });
}
