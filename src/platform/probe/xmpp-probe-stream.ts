import type net from 'node:net';
import { performance } from 'node:perf_hooks';
import tls from 'node:tls';
import xml, { escapeXML, Parser, type Element } from '@xmpp/xml';
import { connectTcp, ProbeConnectError, connectFailureOf } from './connect-tcp.js';
import { tlsFactsOf, type TlsFacts } from './tls-facts.js';

const NS_STREAM = 'http://etherx.jabber.org/streams';
const NS_TLS = 'urn:ietf:params:xml:ns:xmpp-tls';
const NS_SASL = 'urn:ietf:params:xml:ns:xmpp-sasl';
const NS_BIND = 'urn:ietf:params:xml:ns:xmpp-bind';
const NS_STANZAS = 'urn:ietf:params:xml:ns:xmpp-stanzas';

/** The server said no (a stream error, a SASL failure, a refused STARTTLS), with its condition. */
export class ProbeRefusedError extends Error {
  override name = 'ProbeRefusedError';
  constructor(
    readonly condition: string,
    message: string,
  ) {
    super(message);
  }
}

export interface ProbeEndpoint {
  /** Where to connect (an address or a name). */
  host: string;
  port: number;
  /** The XMPP domain: the stream's `to` and the TLS server name (SNI). */
  domain: string;
  /** XEP-0368: TLS from the first byte instead of STARTTLS. */
  isDirectTls: boolean;
}

export interface ProbeStreamOptions {
  /** Every wait (connect, handshake, each answer) fails after this long; a probe never hangs. */
  timeoutMs: number;
  /** Extra CAs to trust beside the system's (a private CA, or a test's). */
  ca?: string | undefined;
}

export type SaslOutcome = { isSuccess: true } | { isSuccess: false; condition: string; text: string | null };

/**
 * A client's view of one XMPP stream, step by step, for checks that must say which step failed:
 * open the stream, STARTTLS, read the features, log in with SASL PLAIN, bind and ping. It trusts
 * nothing and accepts any certificate, so it can report what a client would have refused.
 */
export class XmppProbeStream {
  private parser = new Parser();
  private readonly received: Element[] = [];
  private waiter: { resolve: (element: Element) => void; reject: (error: Error) => void } | undefined;
  private failure: Error | undefined;
  private nextId = 0;

  private constructor(
    private socket: net.Socket,
    private readonly endpoint: ProbeEndpoint,
    private readonly options: ProbeStreamOptions,
    /** Set once TLS is up (at once for direct TLS, after STARTTLS otherwise). */
    public tls: TlsFacts | undefined,
  ) {
    this.listen();
  }

  static async connect(endpoint: ProbeEndpoint, options: ProbeStreamOptions): Promise<XmppProbeStream> {
    const socket = await connectTcp(endpoint.host, endpoint.port, options.timeoutMs);
    if (!endpoint.isDirectTls) return new XmppProbeStream(socket, endpoint, options, undefined);
    const secure = await handshake(socket, endpoint.domain, options, ['xmpp-client']);
    return new XmppProbeStream(secure, endpoint, options, tlsFactsOf(secure, endpoint.domain));
  }

  private listen(): void {
    this.parser.on('element', (element: Element) => this.deliver(element));
    this.parser.on('start', (element: Element) => this.deliver(element));
    this.parser.on('end', () => this.fail(new ProbeRefusedError('closed', 'the server closed the stream')));
    this.parser.on('error', (error: Error) => this.fail(error));
    this.socket.on('data', (chunk: Buffer) => this.parser.write(chunk.toString('utf8')));
    this.socket.on('error', (error) => this.fail(error));
    this.socket.on('close', () =>
      this.fail(new ProbeRefusedError('closed', 'the server closed the connection')),
    );
  }

  private deliver(element: Element): void {
    const waiter = this.waiter;
    if (waiter) {
      this.waiter = undefined;
      waiter.resolve(element);
    } else this.received.push(element);
  }

  private fail(error: Error): void {
    this.failure ??= error;
    const waiter = this.waiter;
    this.waiter = undefined;
    waiter?.reject(this.failure);
  }

  /** The next element the server sends (the stream header counts as one), within the deadline. */
  next(): Promise<Element> {
    const queued = this.received.shift();
    if (queued) return Promise.resolve(queued);
    if (this.failure) return Promise.reject(this.failure);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.waiter = undefined;
        reject(new ProbeConnectError('timed_out', `no answer within ${this.options.timeoutMs / 1000} s`));
      }, this.options.timeoutMs);
      this.waiter = {
        resolve: (element) => {
          clearTimeout(timer);
          resolve(element);
        },
        reject: (error) => {
          clearTimeout(timer);
          reject(error);
        },
      };
    });
  }

  /** The next element that is not a stream error; a stream error is thrown with its condition. */
  private async answer(): Promise<Element> {
    const element = await this.next();
    if (element.name === 'stream:error' || (element.getName() === 'error' && element.getNS() === NS_STREAM)) {
      const condition = element.children.find(
        (child): child is Element => typeof child !== 'string' && child.getName() !== 'text',
      );
      const text = element.getChildText('text');
      throw new ProbeRefusedError(
        condition?.getName() ?? 'undefined-condition',
        `the server ended the stream: ${condition?.getName() ?? 'error'}${text ? ` (${text})` : ''}`,
      );
    }
    return element;
  }

  send(element: Element): void {
    this.socket.write(element.toString());
  }

  /** Opens (or, after TLS and SASL, reopens) the stream and returns the features it offers. */
  async open(): Promise<Element> {
    this.socket.write(
      `<?xml version='1.0'?><stream:stream to='${escapeXML(this.endpoint.domain)}' version='1.0' xml:lang='en' xmlns='jabber:client' xmlns:stream='${NS_STREAM}'>`,
    );
    const header = await this.answer();
    if (header.name !== 'stream:stream') {
      throw new ProbeRefusedError('not-xmpp', `the server answered <${header.name}>, not an XMPP stream`);
    }
    const features = await this.answer();
    if (features.name !== 'stream:features')
      throw new ProbeRefusedError('not-xmpp', `the server sent <${features.name}> instead of its features`);
    return features;
  }

  /** RFC 6120 §5: asks for TLS and upgrades the connection; the stream must be opened again. */
  async startTls(): Promise<TlsFacts> {
    this.send(xml('starttls', { xmlns: NS_TLS }));
    const answer = await this.answer();
    if (answer.getName() !== 'proceed')
      throw new ProbeRefusedError('starttls-failed', 'the server refused to start TLS');
    for (const event of ['data', 'close', 'error']) this.socket.removeAllListeners(event);
    this.socket = await handshake(this.socket, this.endpoint.domain, this.options, []);
    this.restart();
    this.tls = tlsFactsOf(this.socket as tls.TLSSocket, this.endpoint.domain);
    return this.tls;
  }

  private restart(): void {
    for (const event of ['data', 'close', 'error']) this.socket.removeAllListeners(event);
    this.parser.removeAllListeners();
    this.parser = new Parser();
    this.received.length = 0;
    this.listen();
  }

  /** SASL PLAIN (RFC 4616), only ever inside TLS. On success the stream is reopened. */
  async authenticatePlain(username: string, password: string): Promise<SaslOutcome> {
    const initial = Buffer.from(`\0${username}\0${password}`, 'utf8').toString('base64');
    this.send(xml('auth', { xmlns: NS_SASL, mechanism: 'PLAIN' }, initial));
    const answer = await this.answer();
    if (answer.getName() === 'success') {
      this.restart();
      return { isSuccess: true };
    }
    const condition = answer.children.find(
      (child): child is Element => typeof child !== 'string' && child.getName() !== 'text',
    );
    return {
      isSuccess: false,
      condition: condition?.getName() ?? 'not-authorized',
      text: answer.getChildText('text'),
    };
  }

  /** RFC 6120 §7: binds a resource and returns the full JID. */
  async bind(resource: string): Promise<string> {
    const id = this.id();
    this.send(xml('iq', { type: 'set', id }, xml('bind', { xmlns: NS_BIND }, xml('resource', {}, resource))));
    const answer = await this.reply(id);
    const jid = answer.getChild('bind', NS_BIND)?.getChildText('jid');
    if (answer.attrs.type !== 'result' || !jid)
      throw new ProbeRefusedError(conditionOf(answer), 'the server did not bind a resource');
    return jid;
  }

  /** XEP-0199: pings the server and measures the round trip in milliseconds (monotonic time). */
  async ping(): Promise<number> {
    const id = this.id();
    const started = performance.now();
    this.send(
      xml('iq', { type: 'get', id, to: this.endpoint.domain }, xml('ping', { xmlns: 'urn:xmpp:ping' })),
    );
    const answer = await this.reply(id);
    const elapsed = performance.now() - started;
    if (answer.attrs.type !== 'result')
      throw new ProbeRefusedError(conditionOf(answer), 'the server answered the ping with an error');
    return elapsed;
  }

  private async reply(id: string): Promise<Element> {
    for (;;) {
      const element = await this.answer();
      if (element.getName() === 'iq' && element.attrs.id === id) return element;
    }
  }

  private id(): string {
    this.nextId += 1;
    return `probe-${this.nextId}`;
  }

  close(): void {
    this.failure ??= new ProbeRefusedError('closed', 'closed by the probe');
    if (!this.socket.destroyed) {
      this.socket.end('</stream:stream>');
      this.socket.destroy();
    }
  }
}

function conditionOf(stanza: Element): string {
  const condition = stanza
    .getChild('error')
    ?.children.find((child): child is Element => typeof child !== 'string' && child.getNS() === NS_STANZAS);
  return condition?.getName() ?? 'undefined-condition';
}

/** A TLS handshake over a connected socket; trust is reported, never enforced (see TlsFacts). */
function handshake(
  socket: net.Socket,
  domain: string,
  options: ProbeStreamOptions,
  alpn: string[],
): Promise<tls.TLSSocket> {
  return new Promise((resolve, reject) => {
    const secure = tls.connect({
      socket,
      servername: domain,
      rejectUnauthorized: false,
      ...(options.ca ? { ca: [...tls.rootCertificates, options.ca] } : {}),
      ...(alpn.length ? { ALPNProtocols: alpn } : {}),
    });
    const timer = setTimeout(() => {
      secure.destroy();
      reject(new ProbeConnectError('timed_out', `no TLS handshake within ${options.timeoutMs / 1000} s`));
    }, options.timeoutMs);
    secure.once('secureConnect', () => {
      clearTimeout(timer);
      secure.removeAllListeners('error');
      resolve(secure);
    });
    secure.once('error', (error) => {
      clearTimeout(timer);
      secure.destroy();
      reject(
        new ProbeRefusedError(
          connectFailureOf(error) === 'other' ? 'tls-failed' : connectFailureOf(error),
          `the TLS handshake failed: ${error.message}`,
        ),
      );
    });
  });
}
