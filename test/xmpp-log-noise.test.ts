/**
 * What outsiders send must not decide what, or how much, we log: malformed WebSocket frames, bad
 * XML, TLS handshake garbage and protocol violations are the client's mistakes (never `error`, which
 * means our bug), and each kind of line is rate-limited, its suppressed lines counted and reported.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import pino from 'pino';
import { WebSocket } from 'ws';
import { defaultThrottleLimits } from '../src/xmpp/core/index.js';
import { testDialects } from './support/databases.js';
import { RawClient, streamHeader } from './xmpp/raw-client.js';
import { rawWebSocket, wsFrame } from './xmpp/raw-websocket.js';
import { startXmppTestServer, type XmppTestServer } from './xmpp/server-harness.js';

const D = 'noise.example.test';
const ROUNDS = 5;
const ERROR_LEVEL = 50;

interface LogLine {
  level: number;
  msg: string;
  suppressed?: number;
}

const badFrames: [string, Buffer][] = [
  ['invalid UTF-8', wsFrame(1, Buffer.from([0x3c, 0xc0, 0xaf]))],
  ['an unknown opcode', wsFrame(3, 'x')],
  ['no mask', wsFrame(1, '<x/>', { isMasked: false })],
  ['a reserved bit', wsFrame(1, '<x/>', { rsv: 0x40 })],
];

for (const dialect of testDialects()) {
  describe(`XMPP logs of client mistakes (${dialect})`, () => {
    let server: XmppTestServer;
    const lines: LogLine[] = [];

    before(async () => {
      const logger = pino({ level: 'debug' }, { write: (line: string) => lines.push(JSON.parse(line)) });
      server = await startXmppTestServer(dialect, { logger });
      await server.addHost(D);
    });
    after(() => server.close());

    async function sendFrame(frame: Buffer): Promise<void> {
      const socket = await rawWebSocket(server.httpPort, D);
      const closed = new Promise((resolve) => socket.once('close', resolve));
      socket.write(frame);
      await closed;
    }

    async function websocketXml(frame: string): Promise<void> {
      const socket = new WebSocket(`ws://127.0.0.1:${server.httpPort}/xmpp-websocket`, 'xmpp');
      await new Promise((resolve) => socket.once('open', resolve));
      const closed = new Promise((resolve) => socket.once('close', resolve));
      socket.send(`<open xmlns='urn:ietf:params:xml:ns:xmpp-framing' to='${D}' version='1.0'/>`);
      socket.send(frame);
      await closed;
    }

    async function tcp(input: string | Buffer, port = server.c2sPort): Promise<void> {
      const client = await RawClient.connect(port);
      client.write(input);
      await client.waitClosed();
    }

    async function garbageAfterStartTls(): Promise<void> {
      const client = await RawClient.connect(server.c2sPort);
      client.write(streamHeader(D));
      await client.waitFor({ name: 'stream:features' });
      client.write("<starttls xmlns='urn:ietf:params:xml:ns:xmpp-tls'/>");
      await client.waitFor({ name: 'proceed' });
      client.write('GET / HTTP/1.1\r\n\r\n');
      await client.waitClosed();
    }

    const mistakes: [string, () => Promise<void>][] = [
      ...badFrames.map(([what, frame]): [string, () => Promise<void>] => [
        `a WebSocket frame with ${what}`,
        () => sendFrame(frame),
      ]),
      ['bad XML over WebSocket', () => websocketXml('<message><body></message>')],
      ['bad XML over TCP', () => tcp(`${streamHeader(D)}<message><body></message>`)],
      ['invalid UTF-8 over TCP', () => tcp(Buffer.from([...Buffer.from(streamHeader(D)), 0xed, 0xa0, 0x80]))],
      ['a comment over TCP', () => tcp(`${streamHeader(D)}<!-- hi -->`)],
      ['a stanza before STARTTLS', () => tcp(`${streamHeader(D)}<iq type='get' id='1'/>`)],
      ['an unknown host', () => tcp(streamHeader('unknown.example.test'))],
      ['HTTP to the direct TLS port', () => tcp('GET / HTTP/1.1\r\n\r\n', server.c2sTlsPort)],
      [
        'a broken TLS hello',
        () =>
          tcp(
            Buffer.from([0x16, 0x03, 0x01, 0x00, 0x08, 0x01, 0x00, 0x00, 0x04, 0x03, 0x03, 0x00, 0x00]),
            server.c2sTlsPort,
          ),
      ],
      ['garbage after STARTTLS', garbageAfterStartTls],
    ];

    it('logs none of them as errors, a bounded number of lines, and counts the rest', async () => {
      const start = lines.length;
      for (let round = 0; round < ROUNDS; round++)
        for (const [what, send] of mistakes)
          await send().catch((error: Error) => assert.fail(`${what}: ${error}`));
      const logged = lines.slice(start);
      assert.deepEqual(
        logged.filter((line) => line.level >= ERROR_LEVEL),
        [],
      );
      const perMessage = new Map<string, number>();
      for (const { msg } of logged) perMessage.set(msg, (perMessage.get(msg) ?? 0) + 1);
      for (const [msg, count] of perMessage)
        assert.ok(count <= defaultThrottleLimits.burst, `${count} lines of "${msg}"`);

      // Once the bucket has refilled, one line reports every bad frame that was not logged.
      server.app.clock.advance(defaultThrottleLimits.refillMs);
      const frameLines = lines.slice(start).filter((line) => /WebSocket.*frame/.test(line.msg));
      assert.equal(
        frameLines.reduce((sum, line) => sum + (line.suppressed ?? 1), 0),
        ROUNDS * badFrames.length,
      );
    });
  });
}
