/**
 * A raw XMPP client for protocol tests: it writes exact bytes, and parses what the server sends
 * with the server's own stream parser, so tests wait for elements rather than for text.
 *
 * A wait sees only what arrives after it starts (or after a mark taken earlier), and it has a
 * deadline: a stanza that never comes fails the test within seconds, with a message that names
 * what was awaited and lists what arrived instead.
 */
import net from 'node:net';
import { StringDecoder } from 'node:string_decoder';
import tls from 'node:tls';
import { Element, StreamParser } from '../../src/xmpp/stanza/index.js';
import { anyOf, describeMatch, matches, type Match } from './element-match.js';

/** Long enough for one round trip on a loaded machine, short enough to fail a test fast. */
export const DEFAULT_WAIT_MS = 5_000;

/** A position in what a client received: waits and searches from a mark see only what came after. */
export type Mark = number & { readonly isMark: true };

interface Waiter {
  since: number;
  match: Match;
  resolve(element: Element): void;
  fail(reason: string): void;
}

const XML_DECLARATION = '<?xml';

/** How many characters at the end of `text` could begin an XML declaration split across chunks. */
function partialDeclarationAt(text: string): number {
  for (let length = Math.min(XML_DECLARATION.length - 1, text.length); length > 0; length--)
    if (XML_DECLARATION.startsWith(text.slice(-length))) return length;
  return 0;
}

const excerpt = (element: Element) => {
  const text = element.toString();
  return text.length > 300 ? `${text.slice(0, 300)}…` : text;
};

export class RawClient {
  /** Everything received on this connection, in order: stream headers and top-level elements. */
  private readonly elements: Element[] = [];
  private readonly waiters = new Set<Waiter>();
  private parser!: StreamParser;
  private hasParserInput = false;
  private decoder = new StringDecoder('utf8');
  /** The end of a chunk that may be the start of `<?xml`, kept for the next chunk. */
  private carry = '';
  private parseError: string | undefined;
  private isClosed = false;
  private readonly closeWaiters = new Set<() => void>();
  private pingReplyDomain: string | undefined;
  private readonly answeredPings = new WeakSet<Element>();

  private constructor(private socket: net.Socket) {
    this.newParser();
    this.attach(socket);
  }

  static connect(
    port: number,
    options: { tls?: { servername: string; ca: string }; localAddress?: string } = {},
  ): Promise<RawClient> {
    // Any 127.x.y.z is this machine: tests pose as several client addresses by binding to them.
    const from = options.localAddress ? { localAddress: options.localAddress } : {};
    return new Promise((resolve, reject) => {
      const socket = options.tls
        ? tls.connect(
            {
              port,
              host: '127.0.0.1',
              ...from,
              servername: options.tls.servername,
              ca: options.tls.ca,
              ALPNProtocols: ['xmpp-client'],
            },
            () => resolve(new RawClient(socket)),
          )
        : net.connect({ port, host: '127.0.0.1', ...from }, () => resolve(new RawClient(socket)));
      socket.once('error', reject);
    });
  }

  get tlsSocket(): tls.TLSSocket {
    return this.socket as tls.TLSSocket;
  }

  write(data: string | Buffer): void {
    this.socket.write(data);
  }

  /** The position after everything received so far. */
  mark(): Mark {
    return this.elements.length as Mark;
  }

  /** What arrived after `since` (everything, without a mark), stream headers included. */
  received(since: Mark = 0 as Mark): readonly Element[] {
    return this.elements.slice(since);
  }

  /** The first element after `since` that matches, if one has arrived already. */
  find(match: Match, since: Mark = 0 as Mark): Element | undefined {
    return this.received(since).find((element) => matches(element, match));
  }

  /**
   * Resolves with the first matching element to arrive from now on (or after `since`, which may
   * be earlier); rejects after `timeoutMs`, or when the connection closes first.
   */
  waitFor(match: Match, options: { since?: Mark; timeoutMs?: number } = {}): Promise<Element> {
    const since = options.since ?? this.mark();
    const found = this.find(match, since);
    if (found) return Promise.resolve(found);
    const timeoutMs = options.timeoutMs ?? DEFAULT_WAIT_MS;
    return new Promise((resolve, reject) => {
      const waiter: Waiter = {
        since,
        match,
        resolve: (element) => {
          clearTimeout(timer);
          this.waiters.delete(waiter);
          resolve(element);
        },
        fail: (reason) => {
          clearTimeout(timer);
          this.waiters.delete(waiter);
          reject(new Error(`${reason} waiting for ${describeMatch(match)}; ${this.arrivedSince(since)}`));
        },
      };
      const timer = setTimeout(() => waiter.fail(`timed out after ${timeoutMs} ms`), timeoutMs);
      if (this.isClosed) return waiter.fail('the connection was closed');
      if (this.parseError) return waiter.fail(this.parseError);
      this.waiters.add(waiter);
    });
  }

  /** Resolves when the connection has closed; rejects if it is still open after `timeoutMs`. */
  waitClosed(timeoutMs = DEFAULT_WAIT_MS): Promise<void> {
    if (this.isClosed) return Promise.resolve();
    return new Promise((resolve, reject) => {
      const done = () => {
        clearTimeout(timer);
        resolve();
      };
      const timer = setTimeout(() => {
        this.closeWaiters.delete(done);
        reject(new Error(`still open after ${timeoutMs} ms; ${this.arrivedSince(0 as Mark)}`));
      }, timeoutMs);
      this.closeWaiters.add(done);
    });
  }

  /** Answers every server ping, those already received and those to come, as a live client does. */
  answerPings(domain: string): void {
    this.pingReplyDomain = domain;
    for (const element of this.elements) this.replyIfPing(element);
  }

  async startTls(servername: string, ca: string): Promise<void> {
    const raw = this.socket;
    raw.removeAllListeners('data');
    raw.removeAllListeners('close');
    const secure = tls.connect({ socket: raw, servername, ca });
    await new Promise<void>((resolve, reject) => {
      secure.once('secureConnect', resolve);
      secure.once('error', reject);
    });
    this.socket = secure;
    this.decoder = new StringDecoder('utf8');
    this.carry = '';
    this.newParser();
    this.attach(secure);
  }

  close(): void {
    this.socket.destroy();
  }

  private arrivedSince(since: Mark): string {
    const arrived = this.received(since);
    if (arrived.length === 0) return 'nothing arrived';
    const last = arrived.slice(-10);
    const skipped = arrived.length - last.length;
    return `what arrived${skipped > 0 ? ` (the last ${last.length} of ${arrived.length})` : ''}:\n  ${last
      .map(excerpt)
      .join('\n  ')}`;
  }

  private newParser(): void {
    this.hasParserInput = false;
    this.parser = new StreamParser(
      {
        streamStart: (name, attrs) => this.add(new Element(name, attrs)),
        stanza: (element) => this.add(element),
        streamEnd: () => {},
        error: (error) => {
          this.parseError = `the server sent what its own parser refuses (${error.condition})`;
          for (const waiter of [...this.waiters]) waiter.fail(this.parseError);
        },
      },
      { maxStanzaBytes: Number.MAX_SAFE_INTEGER, maxDepth: 1000, maxChildren: Number.MAX_SAFE_INTEGER },
    );
  }

  /**
   * Feeds the parser, starting a fresh one at each XML declaration: the server begins every stream
   * (after STARTTLS and after SASL) with one, and a declaration is only valid first in a document.
   */
  private feed(text: string): void {
    let input = this.carry + text;
    for (;;) {
      const at = input.indexOf(XML_DECLARATION);
      if (at === -1) break;
      if (at > 0) this.parse(input.slice(0, at));
      if (this.hasParserInput) this.newParser();
      this.parse(XML_DECLARATION);
      input = input.slice(at + XML_DECLARATION.length);
    }
    const held = partialDeclarationAt(input);
    this.carry = input.slice(input.length - held);
    this.parse(input.slice(0, input.length - held));
  }

  private parse(text: string): void {
    if (text === '') return;
    this.hasParserInput = true;
    this.parser.write(text);
  }

  private add(element: Element): void {
    this.elements.push(element);
    this.replyIfPing(element);
    const index = this.elements.length - 1;
    for (const waiter of [...this.waiters])
      if (index >= waiter.since && matches(element, waiter.match)) waiter.resolve(element);
  }

  private replyIfPing(element: Element): void {
    if (!this.pingReplyDomain || this.answeredPings.has(element)) return;
    if (element.name !== 'iq' || element.attrs.type !== 'get' || !element.getChild('ping', 'urn:xmpp:ping'))
      return;
    this.answeredPings.add(element);
    this.socket.write(`<iq type='result' id='${String(element.attrs.id)}' to='${this.pingReplyDomain}'/>`);
  }

  private attach(socket: net.Socket): void {
    socket.on('data', (data: Buffer) => this.feed(this.decoder.write(data)));
    socket.on('error', () => {});
    socket.on('close', () => {
      if (socket !== this.socket) return;
      this.isClosed = true;
      for (const waiter of [...this.waiters]) waiter.fail('the connection was closed');
      for (const resolve of [...this.closeWaiters]) resolve();
      this.closeWaiters.clear();
    });
  }
}

export function streamHeader(domain: string): string {
  return `<?xml version='1.0'?><stream:stream xmlns='jabber:client' xmlns:stream='http://etherx.jabber.org/streams' to='${domain}' version='1.0'>`;
}

const SASL = 'urn:ietf:params:xml:ns:xmpp-sasl';
/** The login throttle may hold a SASL answer back for up to 8 s (lib/login-throttle.ts). */
const SASL_ANSWER_MS = 15_000;

/** STARTTLS and SASL PLAIN, up to the features of the restarted stream; throws with a failed login's reason. */
export async function authenticateRaw(
  port: number,
  domain: string,
  username: string,
  password: string,
  ca: string,
  localAddress?: string,
): Promise<RawClient> {
  const client = await RawClient.connect(port, localAddress ? { localAddress } : {});
  client.write(streamHeader(domain));
  await client.waitFor({ name: 'stream:features' });
  client.write("<starttls xmlns='urn:ietf:params:xml:ns:xmpp-tls'/>");
  await client.waitFor({ name: 'proceed' });
  await client.startTls(domain, ca);
  client.write(streamHeader(domain));
  await client.waitFor({ name: 'stream:features' });
  const plain = Buffer.from(`\0${username}\0${password}`).toString('base64');
  client.write(`<auth xmlns='${SASL}' mechanism='PLAIN'>${plain}</auth>`);
  const outcome = await client.waitFor(
    anyOf({ name: 'success', xmlns: SASL }, { name: 'failure', xmlns: SASL }),
    {
      timeoutMs: SASL_ANSWER_MS,
    },
  );
  if (outcome.name !== 'success') {
    client.close();
    throw new Error(`SASL failed: ${outcome.toString()}`);
  }
  client.write(streamHeader(domain));
  await client.waitFor({ name: 'stream:features' });
  return client;
}

/** Sends a bind request and resolves with the reply, a result or an error. */
export function bind(client: RawClient, resource: string, id = `bind-${resource}`): Promise<Element> {
  client.write(
    `<iq type='set' id='${id}'><bind xmlns='urn:ietf:params:xml:ns:xmpp-bind'><resource>${resource}</resource></bind></iq>`,
  );
  return client.waitFor({ name: 'iq', attrs: { id } });
}

/** Opens a stream, does STARTTLS and PLAIN, binds a resource; returns the client ready for stanzas. */
export async function loginRaw(
  port: number,
  domain: string,
  username: string,
  password: string,
  ca: string,
  resource = 'raw',
  localAddress?: string,
): Promise<RawClient> {
  const client = await authenticateRaw(port, domain, username, password, ca, localAddress);
  const bound = await bind(client, resource, 'bind1');
  if (bound.attrs.type !== 'result') {
    client.close();
    throw new Error(`bind failed: ${bound.toString()}`);
  }
  return client;
}

let requestCounter = 0;

/** Sends an IQ (its `id` is filled in) and resolves with the reply. */
export function request(client: RawClient, iqWithoutId: string): Promise<Element> {
  const id = `q${++requestCounter}`;
  client.write(iqWithoutId.replace(/^<iq /, `<iq id='${id}' `));
  return client.waitFor({ name: 'iq', attrs: { id, type: /^(result|error)$/ } });
}
