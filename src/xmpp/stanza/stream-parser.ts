/**
 * The streaming parser every transport feeds. saxes underneath because it is strict and reports
 * DTDs, comments and processing instructions as events, which RFC 6120 §11.1 forbids; ltx and
 * @xmpp/xml silently swallow a DOCTYPE or throw out of write() on an unknown entity.
 *
 * It enforces, before a stanza reaches the server:
 * - UTF-8 (anything else → `unsupported-encoding`);
 * - restricted XML (DTD, comment, PI → `restricted-xml`; any well-formedness error, undeclared
 *   entities included → `not-well-formed`);
 * - the stanza size limit, counted in UTF-8 bytes since the last stanza boundary, so a stanza that
 *   never ends is cut off as soon as the bytes received for it pass the limit (Prosody's approach);
 * - nesting depth and child-element count.
 * After the first error it stops emitting anything: the transport closes the stream.
 */
import { StringDecoder } from 'node:string_decoder';
import { SaxesParser, type SaxesTagPlain } from 'saxes';
import { Element } from './element.js';
import { StreamError, stanzaTooBig } from './errors.js';
import { Utf8Validator } from './utf8-validator.js';

export interface StreamParserLimits {
  maxStanzaBytes: number;
  /** Nesting inside a stanza; the stanza element itself is depth 1. */
  maxDepth: number;
  maxChildren: number;
}

export const PRE_AUTH_STANZA_BYTES = 10_000;
export const POST_AUTH_STANZA_BYTES = 256 * 1024;

export const defaultLimits: StreamParserLimits = {
  maxStanzaBytes: PRE_AUTH_STANZA_BYTES,
  maxDepth: 32,
  maxChildren: 25_000,
};

export interface StreamParserHandlers {
  streamStart(name: string, attrs: Record<string, string>): void;
  stanza(element: Element): void;
  streamEnd(): void;
  error(error: StreamError): void;
}

/** The fields behind saxes' `on()` (saxes 6: `EVENT_NAME_TO_HANDLER_NAME`); see the constructor. */
interface SaxesHandlerSlots {
  doctypeHandler(doctype: string): void;
  commentHandler(comment: string): void;
  piHandler(pi: unknown): void;
  errorHandler(error: Error): void;
  openTagHandler(tag: SaxesTagPlain): void;
  closeTagHandler(tag: SaxesTagPlain): void;
  textHandler(text: string): void;
  cdataHandler(cdata: string): void;
}

/** Thrown from inside saxes' callbacks to stop it processing the rest of a chunk. */
const ABORT = Symbol('abort');

export class StreamParser {
  private readonly sax: SaxesParser;
  private readonly decoder = new StringDecoder('utf8');
  private readonly utf8 = new Utf8Validator();
  private readonly limits: StreamParserLimits;
  private failed = false;
  private depth = 0;
  private current: Element | undefined;
  private children = 0;
  // Byte accounting: `pendingBytes` counts bytes since the last boundary up to the end of the
  // previous chunk; `boundaryInChunk` is the index in the current chunk of a boundary seen in it.
  private chunk = '';
  private charsBeforeChunk = 0;
  private boundaryInChunk = -1;
  private pendingBytes = 0;
  // Stanzas complete in the current chunk wait here until saxes is done with it, because saxes
  // reports a mismatched close tag only after it has already closed the element.
  private readonly ready: Element[] = [];
  private lastReadyAt = -1;

  /**
   * `framed` is for RFC 7395 WebSocket: there is no enclosing stream element, every frame is a
   * whole top-level element, so the parser supplies an invisible root of its own.
   */
  constructor(
    private readonly handlers: StreamParserHandlers,
    limits: Partial<StreamParserLimits> = {},
    private readonly framed = false,
  ) {
    this.limits = { ...defaultLimits, ...limits };
    this.sax = new SaxesParser({ xmlns: false, position: true });
    // saxes' on() stores each handler under a computed key, and V8 turns an object that gains more
    // than a dozen out-of-object properties through computed keys into a dictionary: the eighth
    // on() did, and every field read in saxes' per-character loop became a hash lookup (and the
    // parser of each idle session took 3 KiB more). The same handler slots, set by name, stay fast.
    const slots = this.sax as unknown as SaxesHandlerSlots;
    slots.doctypeHandler = () =>
      this.fail(new StreamError('restricted-xml', { text: 'DTDs are not allowed' }));
    slots.commentHandler = () =>
      this.fail(new StreamError('restricted-xml', { text: 'comments are not allowed' }));
    slots.piHandler = () =>
      this.fail(new StreamError('restricted-xml', { text: 'processing instructions are not allowed' }));
    slots.errorHandler = (error) =>
      this.fail(new StreamError('not-well-formed', { text: shortMessage(error) }));
    slots.openTagHandler = (tag) => this.onOpen(tag);
    slots.closeTagHandler = () => this.onClose();
    slots.textHandler = (text) => this.onText(text);
    slots.cdataHandler = (text) => this.onText(text);
    if (framed) this.writeString('<frames>');
  }

  setMaxStanzaBytes(bytes: number): void {
    this.limits.maxStanzaBytes = bytes;
  }

  get hasFailed(): boolean {
    return this.failed;
  }

  write(data: Buffer | string): void {
    if (this.failed) return;
    if (typeof data === 'string') return this.writeString(data);
    if (!this.utf8.isValid(data))
      return this.fail(new StreamError('unsupported-encoding', { text: 'the stream is not UTF-8' }), false);
    this.writeString(this.decoder.write(data));
  }

  private writeString(text: string): void {
    this.chunk = text;
    this.boundaryInChunk = -1;
    try {
      this.sax.write(text);
    } catch (error) {
      if (error !== ABORT) throw error;
      return;
    }
    this.charsBeforeChunk += text.length;
    if (this.failed) return;
    this.flushReady();
    this.pendingBytes =
      this.boundaryInChunk >= 0
        ? Buffer.byteLength(text.slice(this.boundaryInChunk))
        : this.pendingBytes + Buffer.byteLength(text);
    if (this.pendingBytes > this.limits.maxStanzaBytes) this.fail(stanzaTooBig(), false);
  }

  private offsetInChunk(): number {
    return Math.min(Math.max(this.sax.position - this.charsBeforeChunk, 0), this.chunk.length);
  }

  private bytesSinceBoundary(): number {
    const end = this.offsetInChunk();
    return this.boundaryInChunk >= 0
      ? Buffer.byteLength(this.chunk.slice(this.boundaryInChunk, end))
      : this.pendingBytes + Buffer.byteLength(this.chunk.slice(0, end));
  }

  private markBoundary(): void {
    this.boundaryInChunk = this.offsetInChunk();
  }

  private fail(error: StreamError, abort = true): void {
    if (this.failed) return;
    this.failed = true;
    this.current = undefined;
    if (this.lastReadyAt === this.offsetInChunk()) this.ready.pop();
    this.flushReady();
    this.handlers.error(error);
    if (abort) throw ABORT;
  }

  private onOpen(tag: SaxesTagPlain): void {
    this.depth++;
    if (this.depth === 1) {
      this.markBoundary();
      if (!this.framed) this.handlers.streamStart(tag.name, { ...tag.attributes });
      return;
    }
    if (this.depth - 1 > this.limits.maxDepth)
      this.fail(new StreamError('policy-violation', { text: 'XML nesting is too deep' }));
    const element = new Element(tag.name, { ...tag.attributes });
    if (this.depth === 2) {
      this.children = 0;
    } else {
      this.children++;
      if (this.children > this.limits.maxChildren)
        this.fail(new StreamError('resource-constraint', { text: 'too many child elements' }));
      this.current?.cnode(element);
    }
    this.current = element;
  }

  private onClose(): void {
    this.depth--;
    if (this.depth === 0) {
      this.flushReady();
      if (!this.framed) this.handlers.streamEnd();
      return;
    }
    const element = this.current;
    if (!element) return;
    if (this.depth > 1) {
      this.current = element.parent ?? undefined;
      return;
    }
    this.current = undefined;
    if (this.bytesSinceBoundary() > this.limits.maxStanzaBytes) this.fail(stanzaTooBig());
    this.markBoundary();
    this.lastReadyAt = this.boundaryInChunk;
    this.ready.push(element);
  }

  private flushReady(): void {
    this.lastReadyAt = -1;
    for (const element of this.ready.splice(0)) this.handlers.stanza(element);
  }

  private onText(text: string): void {
    if (this.depth >= 2) {
      this.current?.t(text);
      return;
    }
    if (text.trim() !== '') this.fail(new StreamError('not-well-formed', { text: 'text outside a stanza' }));
    // Whitespace keepalives between stanzas are a boundary: they must not add up to a "stanza".
    this.markBoundary();
  }
}

function shortMessage(error: Error): string {
  // saxes prefixes its messages with a position ("1:42: "); clients need only the reason.
  return error.message.replace(/^[^:]*:\d+:\d+: /, '').slice(0, 200);
}
