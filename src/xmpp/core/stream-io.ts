import type { Element } from '../stanza/index.js';
import type { TlsBindings } from './sasl.js';

/**
 * What a transport offers the stream negotiator: framing (TCP `<stream:stream>` or RFC 7395
 * `<open/>`), TLS, and flow control. The negotiator never touches sockets.
 */
export interface StreamIo {
  readonly remoteAddress: string;
  /** TCP without TLS yet can upgrade; WebSocket and direct TLS cannot (or need not). */
  canStartTls(): boolean;
  isSecure(): boolean;
  /** Whether authentication without TLS is allowed on this transport at all. */
  readonly requiresTlsForAuth: boolean;
  openStream(attrs: Record<string, string>): void;
  send(element: Element): void;
  /** Writes the closing tag (or `<close/>`) and ends the connection once it is flushed. */
  closeStream(): void;
  /** Sends `<proceed/>` and upgrades in the same tick, so no client bytes fall between. */
  startTls(domain: string, proceed: Element): Promise<void>;
  /** A stream restart (after TLS or SASL) needs a fresh parser; `maxStanzaBytes` is its limit. */
  resetParser(maxStanzaBytes: number): void;
  tlsBindings(): TlsBindings | undefined;
  pause(): void;
  resume(): void;
}
