/**
 * Per-connection limits over real sockets: the byte-rate bucket pauses reading, negotiation that
 * never finishes is cut off, and an account may bind only so many resources. Time is the simulated
 * clock: throttling pauses and the negotiation timeout end only when the test moves it, so nothing
 * here waits on real time.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { testDialects } from './support/databases.js';
import { loginRaw, RawClient, request, streamHeader } from './xmpp/raw-client.js';
import { startXmppTestServer, type XmppTestServer } from './xmpp/server-harness.js';

const D = 'limits.example.test';
const PW = 'correct horse battery';
const NEGOTIATION_TIMEOUT_MS = 30_000;
const BYTES_PER_SECOND = 1000;
const BURST_BYTES = 6000;
/** The ping module's defaults: a ping every five minutes, a minute to answer it. */
const PING_INTERVAL_MS = 5 * 60_000;
const PING_TIMEOUT_MS = 60_000;

const STREAM_ERROR = (condition: string) =>
  new RegExp(`<stream:error[^>]*><${condition} xmlns=["']urn:ietf:params:xml:ns:xmpp-streams["']`);

/** STARTTLS and SASL PLAIN, stopping at the features after the post-auth restart (bind not done). */
async function authenticateRaw(port: number, username: string, ca: string): Promise<RawClient> {
  const client = await RawClient.connect(port);
  client.write(streamHeader(D));
  await client.waitFor(/<starttls/);
  client.write("<starttls xmlns='urn:ietf:params:xml:ns:xmpp-tls'/>");
  await client.waitFor(/<proceed/);
  await client.startTls(D, ca);
  client.write(streamHeader(D));
  await client.waitFor(/<\/stream:features>/);
  const plain = Buffer.from(`\0${username}\0${PW}`).toString('base64');
  client.write(`<auth xmlns='urn:ietf:params:xml:ns:xmpp-sasl' mechanism='PLAIN'>${plain}</auth>`);
  await client.waitFor(/<success/);
  client.clear();
  client.write(streamHeader(D));
  await client.waitFor(/<\/stream:features>/);
  client.clear();
  return client;
}

/** Sends a bind request and resolves with the whole reply. */
async function bind(client: RawClient, resource: string, id: string): Promise<string> {
  client.write(
    `<iq type='set' id='${id}'><bind xmlns='urn:ietf:params:xml:ns:xmpp-bind'><resource>${resource}</resource></bind></iq>`,
  );
  const [reply] = await client.waitFor(new RegExp(`<iq[^>]*id=["']${id}["'][\\s\\S]*?</iq>`));
  return reply;
}

const floods = (count: number) => Array.from({ length: count }, (_, i) => `flood-${i + 1}`);

function bodies(client: RawClient, prefix: string): string[] {
  return [...client.text.matchAll(new RegExp(`<body>(${prefix}-\\d+)`, 'g'))].map((m) => m[1]!);
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
        const message = (i: number) =>
          `<message to='bob@${D}/calm' type='chat'><body>flood-${i} ${'x'.repeat(1000)}</body></message>`;

        // More than the whole burst in one write: one TLS record, so the server reads it in one go,
        // handles every stanza in it, and then pauses reading this connection.
        const burst = Array.from({ length: 7 }, (_, i) => message(i + 1)).join('');
        assert.ok(burst.length > BURST_BYTES);
        alice.write(burst);
        await bob.waitFor(/flood-7 /);

        // Written after the pause: it waits in the socket, however long the others keep talking.
        const rest = Array.from({ length: 3 }, (_, i) => message(i + 8)).join('');
        alice.write(`${rest}<iq type='get' id='after-flood' to='${D}'><ping xmlns='urn:xmpp:ping'/></iq>`);
        const stillThrottled = async (round: number) => {
          carol.write(`<message to='bob@${D}/calm' type='chat'><body>carol-${round}</body></message>`);
          await bob.waitFor(new RegExp(`carol-${round}<`));
          assert.match(
            await request(carol, `<iq type='get' to='${D}'><ping xmlns='urn:xmpp:ping'/></iq>`),
            /type=["']result["']/,
          );
          assert.deepEqual(bodies(bob, 'flood'), floods(7));
          assert.doesNotMatch(alice.text, /after-flood/);
        };
        await stillThrottled(1);
        // 1 ms refills one byte: far from the deficit of over a thousand.
        server.app.clock.advance(1);
        await stillThrottled(2);

        server.app.clock.advance(60_000);
        const [pong] = await alice.waitFor(/<iq[^>]*id=["']after-flood["'][^>]*>/);
        assert.match(pong, /type=["']result["']/);
        await bob.waitFor(/flood-10 /);
        assert.deepEqual(bodies(bob, 'flood'), floods(10));
        assert.deepEqual(bodies(bob, 'carol'), ['carol-1', 'carol-2']);
        for (const client of [alice, bob, carol]) client.close();
      });
    });

    describe('negotiation timeout', () => {
      it('closes a stream that stops after its header with connection-timeout', async () => {
        const client = await RawClient.connect(server.c2sPort);
        client.write(streamHeader(D));
        await client.waitFor(/<\/stream:features>/);
        server.app.clock.advance(NEGOTIATION_TIMEOUT_MS);
        await client.waitFor(STREAM_ERROR('connection-timeout'));
        assert.match(client.text, /stream negotiation took too long/);
        await client.waitClosed();
      });

      it('keeps an authenticated but unbound stream until the timeout, then closes it', async () => {
        const client = await authenticateRaw(server.c2sPort, 'frank', ca);
        server.app.clock.advance(NEGOTIATION_TIMEOUT_MS - 1);
        // Still open one millisecond before: the legacy session request before binding is answered.
        client.write("<iq type='set' id='sess1'><session xmlns='urn:ietf:params:xml:ns:xmpp-session'/></iq>");
        await client.waitFor(
          /<iq[^>]*id=["']sess1["'][^>]*type=["']result["']|type=["']result["'][^>]*id=["']sess1["']/,
        );
        assert.doesNotMatch(client.text, /connection-timeout/);
        server.app.clock.advance(1);
        await client.waitFor(STREAM_ERROR('connection-timeout'));
        await client.waitClosed();
      });

      it('never times out a bound session', async () => {
        const client = await loginRaw(server.c2sPort, D, 'frank', PW, ca, 'bound');
        server.app.clock.advance(10 * NEGOTIATION_TIMEOUT_MS);
        assert.match(
          await request(client, `<iq type='get' to='${D}'><ping xmlns='urn:xmpp:ping'/></iq>`),
          /type=["']result["']/,
        );
        assert.doesNotMatch(client.text, /stream:error/);
        client.close();
      });
    });

    describe('sessions per account (RFC 6120 §7.6.2.1)', () => {
      it('refuses a bind over the cap with a resource-constraint stanza error and keeps the stream', async () => {
        const one = await loginRaw(server.c2sPort, D, 'dave', PW, ca, 'one');
        const two = await loginRaw(server.c2sPort, D, 'dave', PW, ca, 'two');
        const three = await authenticateRaw(server.c2sPort, 'dave', ca);

        const refused = await bind(three, 'three', 'bind-a');
        assert.match(refused, /type=["']error["']/);
        // §8.3.3.18: resource-constraint is a "wait" condition: the client may try again later.
        assert.match(
          refused,
          /<error type=["']wait["']><resource-constraint xmlns=["']urn:ietf:params:xml:ns:xmpp-stanzas["']\/>/,
        );
        assert.doesNotMatch(three.text, /stream:error/);

        // The cap is per account: another member binds as usual.
        const erin = await loginRaw(server.c2sPort, D, 'erin', PW, ca, 'one');

        // Once a session ends, the same stream binds on retry. The server's closing tag comes after
        // it has dropped the session.
        one.write('</stream:stream>');
        await one.waitFor(/<\/stream:stream>/);
        const bound = await bind(three, 'three', 'bind-b');
        assert.match(bound, new RegExp(`<jid>dave@${D.replace(/\./g, '\\.')}/three</jid>`));
        for (const client of [two, three, erin]) client.close();
      });

      it('lets a resource already bound be taken over at the cap, replacing the old session', async () => {
        const one = await loginRaw(server.c2sPort, D, 'gina', PW, ca, 'a');
        const two = await loginRaw(server.c2sPort, D, 'gina', PW, ca, 'b');
        const again = await loginRaw(server.c2sPort, D, 'gina', PW, ca, 'b');
        await two.waitFor(STREAM_ERROR('conflict'));
        await two.waitClosed();
        assert.match(
          await request(again, `<iq type='get' to='${D}'><ping xmlns='urn:xmpp:ping'/></iq>`),
          /type=["']result["']/,
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
      const SERVER_PING = /<ping xmlns=["']urn:xmpp:ping["']\/>/;
      // Authenticated but not yet bound, so not pinged and not counted.
      const waiting = await authenticateRaw(server.c2sPort, 'alice', ca);
      const silent = await loginRaw(server.c2sPort, D, 'alice', PW, ca, 'silent');
      // The client's own ping is a round trip: what the server did on the advance is sent before it.
      const stillOpen = async () =>
        assert.match(
          await request(silent, `<iq type='get' to='${D}'><ping xmlns='urn:xmpp:ping'/></iq>`),
          /type=["']result["']/,
        );

      clock.advance(PING_INTERVAL_MS - 1);
      await stillOpen();
      assert.doesNotMatch(silent.text, SERVER_PING);
      clock.advance(1);
      await silent.waitFor(SERVER_PING);

      clock.advance(PING_TIMEOUT_MS - 1);
      await stillOpen();
      assert.doesNotMatch(silent.text, /stream:error/);
      clock.advance(1);
      await silent.waitFor(STREAM_ERROR('connection-timeout'));
      assert.match(silent.text, /no answer to ping/);
      await silent.waitClosed();
      assert.equal(server.xmpp.sessionsCount(), 0);
      assert.match(await bind(waiting, 'next', 'bind-c'), /<jid>alice@[^<]*\/next<\/jid>/);
      waiting.close();
    });
  });
}
