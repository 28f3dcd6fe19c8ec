/**
 * A minimal, fast XMPP client for the benchmark: STARTTLS, SCRAM-SHA-1, bind, chat messages, and
 * XEP-0077 registration (to create the bench users on Prosody and ejabberd). It speaks only what
 * the three servers under test answer, and accepts both quote styles (ejabberd writes `"`).
 */
import net from 'node:net';
import tls from 'node:tls';
import { ScramClient } from '../../test/xmpp/scram-client.js';

export interface BenchTarget {
  host: string;
  port: number;
  domain: string;
  password: string;
  /** The server's certificate (PEM) to trust; undefined accepts any certificate. */
  ca: string | undefined;
}

/**
 * One TLS context per trusted certificate. Passing `ca` to each `tls.connect` would build a new
 * context, with its own certificate store, for every connection: on a fast machine that made the
 * one-core load generator, not the server, the limit of the login rate.
 */
const contexts = new Map<string, tls.SecureContext>();
function clientContext(ca: string): tls.SecureContext {
  let context = contexts.get(ca);
  if (!context) contexts.set(ca, (context = tls.createSecureContext({ ca })));
  return context;
}

const header = (domain: string) =>
  `<?xml version='1.0'?><stream:stream xmlns='jabber:client' xmlns:stream='http://etherx.jabber.org/streams' to='${domain}' version='1.0'>`;

export class BenchClient {
  private buffer = '';
  private waiter: { pattern: RegExp; resolve(m: RegExpMatchArray): void; reject(e: Error): void } | undefined;
  onMessage: ((body: string) => void) | undefined;

  private constructor(private socket: net.Socket) {}

  /** A stream over TLS (STARTTLS done, features of the secured stream read), before authentication. */
  private static async secured(target: BenchTarget): Promise<BenchClient> {
    const raw = net.connect({ port: target.port, host: target.host, noDelay: true });
    const client = new BenchClient(raw);
    client.listen(raw);
    raw.write(header(target.domain));
    await client.wait(/<\/stream:features>/);
    raw.write("<starttls xmlns='urn:ietf:params:xml:ns:xmpp-tls'/>");
    await client.wait(/<proceed[^>]*\/>/);
    raw.removeAllListeners('data');
    const secure = tls.connect({
      socket: raw,
      servername: target.domain,
      ...(target.ca === undefined
        ? { rejectUnauthorized: false }
        : { secureContext: clientContext(target.ca) }),
    });
    secure.setNoDelay(true);
    client.socket = secure;
    client.listen(secure);
    await new Promise<void>((resolve, reject) => secure.once('secureConnect', resolve).once('error', reject));
    secure.write(header(target.domain));
    await client.wait(/<\/stream:features>/);
    return client;
  }

  static async login(target: BenchTarget, username: string, resource: string): Promise<BenchClient> {
    const client = await BenchClient.secured(target);
    const scram = new ScramClient('sha1', username, target.password);
    client.send(
      `<auth xmlns='urn:ietf:params:xml:ns:xmpp-sasl' mechanism='SCRAM-SHA-1'>${Buffer.from(scram.first()).toString('base64')}</auth>`,
    );
    const [, challenge] = await client.wait(/<challenge[^>]*>([^<]*)<\/challenge>/);
    const final = scram.final(Buffer.from(challenge!, 'base64').toString());
    client.send(
      `<response xmlns='urn:ietf:params:xml:ns:xmpp-sasl'>${Buffer.from(final).toString('base64')}</response>`,
    );
    const [outcome] = await client.wait(/<success[^>]*(\/>|>[^<]*<\/success>)|<failure[\s\S]*<\/failure>/);
    if (!outcome.startsWith('<success')) throw new Error(`login of ${username} failed: ${outcome}`);
    client.send(header(target.domain));
    await client.wait(/<\/stream:features>/);
    client.send(
      `<iq type='set' id='b'><bind xmlns='urn:ietf:params:xml:ns:xmpp-bind'><resource>${resource}</resource></bind></iq><presence/>`,
    );
    await client.wait(/<\/bind>/);
    client.buffer = '';
    return client;
  }

  /** XEP-0077 in-band registration; an account that already exists counts as registered. */
  static async register(target: BenchTarget, username: string): Promise<void> {
    const client = await BenchClient.secured(target);
    try {
      client.send(
        `<iq type='set' id='reg'><query xmlns='jabber:iq:register'><username>${username}</username><password>${target.password}</password></query></iq>`,
      );
      const [reply] = await client.wait(/<iq\b[^>]*\bid=['"]reg['"][^>]*?(\/>|>[\s\S]*?<\/iq>)/);
      if (/\btype=['"]result['"]/.test(reply) || reply.includes('<conflict')) return;
      throw new Error(`registering ${username} failed: ${reply}`);
    } finally {
      client.close();
    }
  }

  send(text: string): void {
    this.socket.write(text);
  }

  /** Resolves with the first match of `pattern` in what arrives (what comes before it is dropped). */
  expect(pattern: RegExp): Promise<RegExpMatchArray> {
    return this.wait(pattern);
  }

  close(): void {
    this.socket.destroy();
  }

  private wait(pattern: RegExp): Promise<RegExpMatchArray> {
    const match = this.buffer.match(pattern);
    if (match) {
      this.buffer = this.buffer.slice(match.index! + match[0].length);
      return Promise.resolve(match);
    }
    return new Promise((resolve, reject) => (this.waiter = { pattern, resolve, reject }));
  }

  private listen(socket: net.Socket): void {
    socket.on('data', (data: Buffer) => {
      this.buffer += data.toString();
      if (this.waiter) {
        const match = this.buffer.match(this.waiter.pattern);
        if (match) {
          this.buffer = this.buffer.slice(match.index! + match[0].length);
          const waiter = this.waiter;
          this.waiter = undefined;
          waiter.resolve(match);
        } else if (this.buffer.includes('</stream:stream>')) {
          const waiter = this.waiter;
          this.waiter = undefined;
          waiter.reject(new Error(`the server closed the stream: ${this.buffer.slice(-500)}`));
        }
        return;
      }
      if (!this.onMessage) return;
      let end: number;
      while ((end = this.buffer.indexOf('</message>')) >= 0) {
        const stanza = this.buffer.slice(0, end);
        this.buffer = this.buffer.slice(end + 10);
        const body = /<body>([^<]*)<\/body>/.exec(stanza);
        if (body) this.onMessage(body[1]!);
      }
      if (this.buffer.length > 1_000_000) this.buffer = '';
    });
    socket.on('error', (error) => this.waiter?.reject(error));
    socket.on('close', () => this.waiter?.reject(new Error('the server closed the connection')));
  }
}
