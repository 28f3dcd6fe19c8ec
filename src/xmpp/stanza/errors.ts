/**
 * RFC 6120 error conditions, exactly as §4.9.3 (stream) and §8.3.3 (stanza) name them, and the
 * two error classes the rest of the server throws. Handlers throw a StanzaError; the core turns it
 * into the error reply. Anything that must end the stream throws a StreamError.
 */
import { attr, xml, type Element } from './element.js';
import { NS } from './namespaces.js';

export type StreamErrorCondition =
  | 'bad-format'
  | 'bad-namespace-prefix'
  | 'conflict'
  | 'connection-timeout'
  | 'host-gone'
  | 'host-unknown'
  | 'improper-addressing'
  | 'internal-server-error'
  | 'invalid-from'
  | 'invalid-namespace'
  | 'invalid-xml'
  | 'not-authorized'
  | 'not-well-formed'
  | 'policy-violation'
  | 'remote-connection-failed'
  | 'reset'
  | 'resource-constraint'
  | 'restricted-xml'
  | 'see-other-host'
  | 'system-shutdown'
  | 'undefined-condition'
  | 'unsupported-encoding'
  | 'unsupported-feature'
  | 'unsupported-stanza-type'
  | 'unsupported-version';

export type StanzaErrorType = 'auth' | 'cancel' | 'continue' | 'modify' | 'wait';

/** Each condition with the error type RFC 6120 §8.3.3 gives in its examples. */
const stanzaConditionTypes = {
  'bad-request': 'modify',
  conflict: 'cancel',
  'feature-not-implemented': 'cancel',
  forbidden: 'auth',
  gone: 'cancel',
  'internal-server-error': 'cancel',
  'item-not-found': 'cancel',
  'jid-malformed': 'modify',
  'not-acceptable': 'modify',
  'not-allowed': 'cancel',
  'not-authorized': 'auth',
  'policy-violation': 'modify',
  'recipient-unavailable': 'wait',
  redirect: 'modify',
  'registration-required': 'auth',
  'remote-server-not-found': 'cancel',
  'remote-server-timeout': 'wait',
  'resource-constraint': 'wait',
  'service-unavailable': 'cancel',
  'subscription-required': 'auth',
  'undefined-condition': 'cancel',
  'unexpected-request': 'wait',
} as const satisfies Record<string, StanzaErrorType>;

export type StanzaErrorCondition = keyof typeof stanzaConditionTypes;

export interface ErrorOptions {
  text?: string;
  /** An application-specific condition element (e.g. `<stanza-too-big xmlns='urn:xmpp:errors'/>`). */
  appCondition?: Element;
}

export interface StreamErrorOptions extends ErrorOptions {
  /** Character data of the condition element: the other host of `<see-other-host/>` (RFC 6120 §4.9.3.19). */
  conditionText?: string;
}

export class StreamError extends Error {
  constructor(
    readonly condition: StreamErrorCondition,
    readonly options: StreamErrorOptions = {},
  ) {
    super(options.text ?? condition);
    this.name = 'StreamError';
  }

  toElement(): Element {
    const conditionChildren = this.options.conditionText === undefined ? [] : [this.options.conditionText];
    const children = [xml(this.condition, { xmlns: NS.streams }, ...conditionChildren)];
    if (this.options.text)
      children.push(xml('text', { xmlns: NS.streams, 'xml:lang': 'en' }, this.options.text));
    if (this.options.appCondition) children.push(this.options.appCondition);
    return xml('stream:error', {}, ...children);
  }
}

export class StanzaError extends Error {
  readonly type: StanzaErrorType;

  constructor(
    readonly condition: StanzaErrorCondition,
    readonly options: ErrorOptions & { type?: StanzaErrorType } = {},
  ) {
    super(options.text ?? condition);
    this.name = 'StanzaError';
    this.type = options.type ?? stanzaConditionTypes[condition];
  }

  toElement(): Element {
    const children = [xml(this.condition, { xmlns: NS.stanzas })];
    if (this.options.text)
      children.push(xml('text', { xmlns: NS.stanzas, 'xml:lang': 'en' }, this.options.text));
    if (this.options.appCondition) children.push(this.options.appCondition);
    return xml('error', { type: this.type }, ...children);
  }
}

export function stanzaTooBig(): StreamError {
  return new StreamError('policy-violation', {
    text: 'XML stanza is too big',
    appCondition: xml('stanza-too-big', { xmlns: NS.xmppErrors }),
  });
}

/**
 * The error reply to a stanza (RFC 6120 §8.3.1): addresses swapped, same id and name, type error.
 * The original payload is not echoed back, so a large stanza cannot be reflected.
 */
export function errorReply(stanza: Element, error: StanzaError): Element {
  const attrs: Record<string, string> = { type: 'error' };
  const from = attr(stanza, 'from');
  const to = attr(stanza, 'to');
  const id = attr(stanza, 'id');
  if (from !== undefined) attrs.to = from;
  if (to !== undefined) attrs.from = to;
  if (id !== undefined) attrs.id = id;
  return xml(stanza.name, attrs, error.toElement());
}

/** Error stanzas are never answered with errors (RFC 6120 §8.3.1), or two servers could loop. */
export function canBounce(stanza: Element): boolean {
  return attr(stanza, 'type') !== 'error';
}
