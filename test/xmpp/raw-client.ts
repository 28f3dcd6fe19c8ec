/**
 * A raw XMPP client for protocol tests: write exact bytes, wait for text to appear, upgrade to TLS.
 * Waits are on data events, never on timers.
 */
import net from 'node:net';
import tls from 'node:tls';

export class RawClient {
  private received = '';
  private waiters: { pattern: RegExp; resolve(match: RegExpMatchArray): void; reject(error: Error): void }[] =
    [];
  private isClosed = false;
  private closeWaiters: (() => void)[] = [];
  private pingReplyDomain: string | undefined;

  private constructor(private socket: net.Socket) {
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

  get text(): string {
    return this.received;
  }

  get tlsSocket(): tls.TLSSocket {
    return this.socket as tls.TLSSocket;
  }

  write(data: string | Buffer): void {
    this.socket.write(data);
  }

  /** Resolves when everything received so far (since the last `clear`) matches. */
  waitFor(pattern: RegExp): Promise<RegExpMatchArray> {
    const match = this.received.match(pattern);
    if (match) return Promise.resolve(match);
    if (this.isClosed)
      return Promise.reject(new Error(`closed without ${pattern}; got: ${this.received.slice(-2000)}`));
    return new Promise((resolve, reject) => this.waiters.push({ pattern, resolve, reject }));
  }

  /** Answers every server ping from now on, as a live client does. */
  answerPings(domain: string): void {
    this.pingReplyDomain = domain;
    this.replyToPings(this.received);
  }

  private replyToPings(text: string): void {
    if (!this.pingReplyDomain) return;
    for (const match of text.matchAll(
      /<iq[^>]*id=["']([^"']+)["'][^>]*>\s*<ping xmlns=["']urn:xmpp:ping["']\/>/g,
    ))
      this.socket.write(`<iq type='result' id='${match[1]}' to='${this.pingReplyDomain}'/>`);
  }

  clear(): void {
    this.received = '';
  }

  waitClosed(): Promise<void> {
    if (this.isClosed) return Promise.resolve();
    return new Promise((resolve) => this.closeWaiters.push(resolve));
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
    this.received = '';
    this.attach(secure);
  }

  close(): void {
    this.socket.destroy();
  }

  private attach(socket: net.Socket): void {
    socket.on('data', (data: Buffer) => {
      this.received += data.toString('utf8');
      this.replyToPings(data.toString('utf8'));
      this.waiters = this.waiters.filter((waiter) => {
        const match = this.received.match(waiter.pattern);
        if (match) waiter.resolve(match);
        return !match;
      });
    });
    socket.on('error', () => {});
    socket.on('close', () => {
      if (socket !== this.socket) return;
      this.isClosed = true;
      for (const waiter of this.waiters)
        waiter.reject(new Error(`closed without ${waiter.pattern}; got: ${this.received.slice(-2000)}`));
      this.waiters = [];
      for (const resolve of this.closeWaiters) resolve();
    });
  }
}

export function streamHeader(domain: string): string {
  return `<?xml version='1.0'?><stream:stream xmlns='jabber:client' xmlns:stream='http://etherx.jabber.org/streams' to='${domain}' version='1.0'>`;
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
  const client = await RawClient.connect(port, localAddress ? { localAddress } : {});
  client.write(streamHeader(domain));
  await client.waitFor(/<starttls/);
  client.write("<starttls xmlns='urn:ietf:params:xml:ns:xmpp-tls'/>");
  await client.waitFor(/<proceed/);
  await client.startTls(domain, ca);
  client.write(streamHeader(domain));
  await client.waitFor(/<\/stream:features>/);
  const plain = Buffer.from(`\0${username}\0${password}`).toString('base64');
  client.write(`<auth xmlns='urn:ietf:params:xml:ns:xmpp-sasl' mechanism='PLAIN'>${plain}</auth>`);
  const [outcome] = await client.waitFor(/<success[^>]*>|<failure[\s\S]*<\/failure>/);
  if (!outcome.startsWith('<success')) {
    client.close();
    throw new Error(`SASL failed: ${outcome}`);
  }
  client.clear();
  client.write(streamHeader(domain));
  await client.waitFor(/<\/stream:features>/);
  client.write(
    `<iq type='set' id='bind1'><bind xmlns='urn:ietf:params:xml:ns:xmpp-bind'><resource>${resource}</resource></bind></iq>`,
  );
  const [bound] = await client.waitFor(/<\/bind>|<iq[^>]*type=["']error["'][\s\S]*?<\/iq>/);
  if (!bound.endsWith('</bind>')) {
    client.close();
    throw new Error(`bind failed: ${bound}`);
  }
  client.clear();
  return client;
}

let requestCounter = 0;

/** Sends an IQ (its `id` is filled in) and resolves with the reply's text. */
export async function request(client: RawClient, iqWithoutId: string): Promise<string> {
  const id = `q${++requestCounter}`;
  client.write(iqWithoutId.replace(/^<iq /, `<iq id='${id}' `));
  const [reply] = await client.waitFor(new RegExp(`<iq[^>]*id=["']${id}["'][^>]*?(/>|>[\\s\\S]*?</iq>)`));
  return reply;
}
