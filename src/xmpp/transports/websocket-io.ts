/**
 * XMPP over WebSocket (RFC 7395): one complete element per text frame, `<open/>` and `<close/>`
 * instead of the stream tags, and every top-level element namespaced on its own. TLS is the web
 * server's business, so there is no STARTTLS here.
 */
import type { WebSocket } from 'ws';
import { C2sStream, type C2sStreamDeps, type StreamIo } from '../core/index.js';
import {
  attr,
  NS,
  PRE_AUTH_STANZA_BYTES,
  StreamError,
  StreamParser,
  xml,
  type Element,
} from '../stanza/index.js';

const STANZAS = new Set(['message', 'presence', 'iq']);

export class WebSocketIo implements StreamIo {
  readonly requiresTlsForAuth = false;
  private parser!: StreamParser;
  private readonly stream: C2sStream;
  private markClosed!: () => void;
  /** Settles when the connection is gone, however it ended. */
  readonly closed = new Promise<void>((resolve) => (this.markClosed = resolve));

  constructor(
    private readonly socket: WebSocket,
    readonly remoteAddress: string,
    private readonly isHttps: boolean,
    deps: C2sStreamDeps,
  ) {
    this.stream = new C2sStream(this, deps);
    this.resetParser(PRE_AUTH_STANZA_BYTES);
    socket.on('message', (data, isBinary) => {
      try {
        if (isBinary)
          return this.stream.parseError(new StreamError('unsupported-encoding', { text: 'use text frames' }));
        const text = Array.isArray(data) ? Buffer.concat(data) : Buffer.from(data as ArrayBuffer);
        this.stream.received(text.length);
        this.parser.write(text.toString('utf8'));
      } catch (error) {
        this.stream.fail(error);
      }
    });
    socket.on('error', () => socket.terminate());
    socket.on('close', () => {
      this.stream.transportClosed();
      this.markClosed();
    });
  }

  readonly transport = 'websocket';

  /** Server shutdown: finish what was read, then tell the client why before the connection goes. */
  shutdown(error: StreamError): Promise<void> {
    return this.stream.drain(error);
  }

  /** Cuts the connection off: for a session that did not finish its drain in time. */
  abort(): void {
    this.socket.terminate();
  }

  canStartTls(): boolean {
    return false;
  }

  isSecure(): boolean {
    return this.isHttps;
  }

  openStream(attrs: Record<string, string>): void {
    this.sendText(xml('open', { xmlns: NS.framing, ...attrs }).toString());
  }

  send(element: Element): void {
    if (STANZAS.has(element.name) && attr(element, 'xmlns') === undefined) element.attrs.xmlns = NS.client;
    this.sendText(element.toString());
  }

  closeStream(): void {
    this.sendText(xml('close', { xmlns: NS.framing }).toString());
    this.socket.close(1000);
  }

  async startTls(): Promise<void> {
    throw new StreamError('unsupported-feature');
  }

  resetParser(maxStanzaBytes: number): void {
    this.parser = new StreamParser(
      {
        streamStart: () => {},
        stanza: (element) => this.onElement(element),
        streamEnd: () => {},
        error: (error) => this.stream.parseError(error),
      },
      { maxStanzaBytes },
      true,
    );
  }

  tlsBindings(): undefined {
    return undefined;
  }

  pause(): void {
    this.socket.pause();
  }

  resume(): void {
    this.socket.resume();
  }

  private onElement(element: Element): void {
    const isFraming = attr(element, 'xmlns') === NS.framing;
    if (isFraming && element.name === 'open') {
      const { xmlns: _xmlns, ...attrs } = element.attrs as Record<string, string>;
      return this.stream.streamStart(attrs);
    }
    if (isFraming && element.name === 'close') return this.stream.streamEnd();
    this.stream.stanza(element);
  }

  private sendText(text: string): void {
    if (this.socket.readyState === this.socket.OPEN) this.socket.send(text);
  }
}
