/**
 * XMPP over a TCP socket (RFC 6120): `<stream:stream>` framing, STARTTLS upgrade in place, and the
 * parser that turns bytes into stanzas. Used by the STARTTLS listener and the direct-TLS listener.
 */
import type { Socket } from 'node:net';
import { TLSSocket, type SecureContext } from 'node:tls';
import { serverEndPointHash } from '../../platform/tls/index.js';
import { C2sStream, type C2sStreamDeps, type StreamIo, type TlsBindings } from '../core/index.js';
import { NS, PRE_AUTH_STANZA_BYTES, StreamError, StreamParser, type Element } from '../stanza/index.js';
import { escapeAttr } from './xml-text.js';

/** A peer that never closes its side after our `</stream:stream>` is cut off after this long. */
const CLOSE_GRACE_MS = 5_000;

export interface SocketIoOptions {
  contextFor(domain: string): Promise<SecureContext>;
}

export class SocketIo implements StreamIo {
  readonly requiresTlsForAuth = true;
  readonly remoteAddress: string;
  private socket: Socket;
  private parser!: StreamParser;
  private readonly stream: C2sStream;
  /** Text written in this tick, sent as one socket write at the end of it (see `write`). */
  private pending = '';
  private isFlushScheduled = false;
  private readonly flushPending = () => this.flush();
  private isEnded = false;
  private readonly onData = (data: Buffer) => this.feed(data);
  private markClosed!: () => void;
  /** Settles when the connection is gone, however it ended. */
  readonly closed = new Promise<void>((resolve) => (this.markClosed = resolve));

  constructor(
    socket: Socket,
    deps: C2sStreamDeps,
    private readonly options: SocketIoOptions,
  ) {
    this.socket = socket;
    this.remoteAddress = socket.remoteAddress ?? 'unknown';
    this.stream = new C2sStream(this, deps);
    this.resetParser(PRE_AUTH_STANZA_BYTES);
    this.attach(socket);
  }

  get boundSession() {
    return this.stream.boundSession;
  }

  readonly transport = 'tcp';

  /** Server shutdown: finish what was read, then tell the client why before the connection goes. */
  shutdown(error: StreamError): Promise<void> {
    return this.stream.drain(error);
  }

  /** Cuts the connection off: for a session that did not finish its drain in time. */
  abort(): void {
    this.socket.destroy();
  }

  canStartTls(): boolean {
    return !(this.socket instanceof TLSSocket);
  }

  isSecure(): boolean {
    return this.socket instanceof TLSSocket;
  }

  openStream(attrs: Record<string, string>): void {
    const extra = Object.entries(attrs)
      .map(([k, v]) => ` ${k}='${escapeAttr(v)}'`)
      .join('');
    this.write(
      `<?xml version='1.0'?><stream:stream xmlns='${NS.client}' xmlns:stream='${NS.stream}'${extra}>`,
    );
  }

  send(element: Element): void {
    this.write(element.toString());
  }

  closeStream(): void {
    if (this.isEnded) return;
    this.write('</stream:stream>');
    this.flush();
    this.isEnded = true;
    this.socket.end();
    const socket = this.socket;
    setTimeout(() => socket.destroy(), CLOSE_GRACE_MS).unref();
  }

  async startTls(domain: string, proceed: Element): Promise<void> {
    const context = await this.options.contextFor(domain);
    if (this.isEnded) return;
    const raw = this.socket;
    raw.off('data', this.onData);
    // Flush <proceed/> before the handshake starts; nothing else is written on the raw socket after it.
    this.write(proceed.toString());
    this.flush();
    const secure = new TLSSocket(raw, { isServer: true, secureContext: context });
    this.socket = secure;
    this.resetParser(PRE_AUTH_STANZA_BYTES);
    this.attach(secure);
  }

  resetParser(maxStanzaBytes: number): void {
    this.parser = new StreamParser(
      {
        streamStart: (name, attrs) => {
          if (name !== 'stream:stream' || attrs['xmlns:stream'] !== NS.stream || attrs.xmlns !== NS.client)
            return this.stream.parseError(new StreamError('invalid-namespace'));
          this.stream.streamStart(attrs);
        },
        stanza: (element) => this.stream.stanza(element),
        streamEnd: () => this.stream.streamEnd(),
        error: (error) => this.stream.parseError(error),
      },
      { maxStanzaBytes },
    );
  }

  tlsBindings(): TlsBindings | undefined {
    const socket = this.socket;
    if (!(socket instanceof TLSSocket)) return undefined;
    // RFC 9266 defines tls-exporter for TLS 1.3 only (1.2 would need extended master secret checks).
    const hasExporter = () => socket.getProtocol() === 'TLSv1.3';
    return {
      types: () => (hasExporter() ? ['tls-exporter', 'tls-server-end-point'] : ['tls-server-end-point']),
      data: (type) => {
        if (type === 'tls-exporter')
          return hasExporter()
            ? socket.exportKeyingMaterial(32, 'EXPORTER-Channel-Binding', Buffer.alloc(0))
            : undefined;
        if (type !== 'tls-server-end-point') return undefined;
        const raw = (socket.getCertificate() as { raw?: Buffer } | null)?.raw;
        return raw ? serverEndPointHash(raw) : undefined;
      },
    };
  }

  pause(): void {
    this.socket.pause();
  }

  resume(): void {
    this.socket.resume();
  }

  private attach(socket: Socket): void {
    socket.on('data', this.onData);
    socket.on('error', () => socket.destroy());
    socket.on('close', () => {
      if (socket !== this.socket) return;
      this.stream.transportClosed();
      this.markClosed();
    });
  }

  private feed(data: Buffer): void {
    try {
      this.stream.received(data.length);
      this.parser.write(data);
    } catch (error) {
      this.stream.fail(error);
    }
  }

  /**
   * Writes made in one tick go out together: one TLS record and one packet instead of many. They
   * are joined here rather than corked in the socket: one stream write per tick instead of one per
   * stanza (each costs a write request, a callback and a Buffer in node's stream machinery).
   */
  private write(text: string): void {
    if (this.isEnded || this.socket.destroyed) return;
    this.pending += text;
    if (this.isFlushScheduled) return;
    this.isFlushScheduled = true;
    process.nextTick(this.flushPending);
  }

  private flush(): void {
    this.isFlushScheduled = false;
    const text = this.pending;
    this.pending = '';
    if (text !== '' && !this.isEnded && !this.socket.destroyed) this.socket.write(text);
  }
}
