/**
 * A protocol layered on a client stream rather than on its stanzas, as XEP-0198 stream management
 * is: a module registers one for a namespace, and gets the top-level elements of that namespace
 * once the client has authenticated. Through the stream's link it writes its own elements, watches
 * the stanzas the stream carries each way, may keep the session when the transport is lost, and
 * may move a kept session onto a new stream.
 */
import type { Element, StreamError } from '../stanza/index.js';
import type { HostRecord } from './ports.js';
import type { Session } from './session.js';

export interface StreamExtension {
  xmlns: string;
  /** An element of `xmlns` at the top level of an authenticated stream (before binding or after). */
  element(element: Element, link: StreamLink): void | Promise<void>;
}

/** What a stream extension sees of one stream. */
export interface StreamLink {
  readonly host: HostRecord;
  readonly username: string;
  /** The bound session; undefined before binding and once the stream has ended. */
  readonly session: Session | undefined;
  /** Writes one of the extension's own elements (not a stanza) to the client. */
  sendRaw(element: Element): void;
  /**
   * Ends the stream, with a stream error if given. A stream whose transport was lost and whose
   * session was kept ends that session now.
   */
  close(error?: StreamError): void;
  /** Watches the bound session's stanzas on this stream; replaces any earlier watcher. */
  watch(watcher: StreamWatcher): void;
  /**
   * Binds this authenticated, not yet bound stream to `session`, a session of the same account
   * kept by the watcher of another stream; that stream lets it go (its transport, if still open,
   * is closed with a `conflict` stream error) without ending it.
   */
  adopt(session: Session): void;
}

export interface StreamWatcher {
  /** The client sent a stanza (before it is routed). */
  inbound(): void;
  /** A stanza is sent to the session, on the stream or, while the transport is lost, nowhere. */
  outbound(stanza: Element): void;
  /**
   * The transport went without a closing tag. True keeps the session (in the router, with its
   * presence) until the extension closes the link or another stream adopts the session.
   */
  lost(): boolean;
  /** The session ended (removed from the router); called once, before `session/closed` fires. */
  ended(): void;
}

/** The registered extensions, one per namespace. */
export class StreamExtensions {
  private readonly byXmlns = new Map<string, StreamExtension>();

  register(extension: StreamExtension): () => void {
    if (this.byXmlns.has(extension.xmlns)) throw new Error(`two stream extensions for ${extension.xmlns}`);
    this.byXmlns.set(extension.xmlns, extension);
    return () => {
      if (this.byXmlns.get(extension.xmlns) === extension) this.byXmlns.delete(extension.xmlns);
    };
  }

  find(xmlns: string | undefined): StreamExtension | undefined {
    return xmlns === undefined ? undefined : this.byXmlns.get(xmlns);
  }
}
