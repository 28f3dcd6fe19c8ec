/**
 * What a bound client's stanza must pass before the router sees it (RFC 6120 §8.1): a stanza kind
 * the server knows, a `from` that is the session's own (then stamped with its full JID, §8.1.2.1),
 * and for an IQ an id and a valid type. The legacy session request is answered here.
 */
import { attr, formatJid, NS, StanzaError, StreamError, type Element } from '../stanza/index.js';
import { errorOf, resultOf } from './iq-handlers.js';
import type { Session } from './session.js';

const STANZA_NAMES = new Set(['message', 'presence', 'iq']);

/** Anything else at the top level of a bound stream is an `unsupported-stanza-type` stream error. */
export function isStanza(element: Element): boolean {
  return STANZA_NAMES.has(element.name);
}

/**
 * Stamps a stanza (see isStanza) for routing; returns the reply to send instead of routing it, if
 * any. Throws `invalid-from` for a `from` that is not the session's.
 */
export function acceptClientStanza(stanza: Element, session: Session): Element | undefined {
  const from = attr(stanza, 'from');
  if (
    from !== undefined &&
    from !== formatJid(session.jid) &&
    from !== `${session.username}@${session.host.domain}`
  )
    throw new StreamError('invalid-from');
  stanza.attrs.from = formatJid(session.jid);
  if (attr(stanza, 'xmlns') === NS.client) delete stanza.attrs.xmlns;
  if (stanza.name !== 'iq') return undefined;
  const type = attr(stanza, 'type');
  if (attr(stanza, 'id') === undefined || !['get', 'set', 'result', 'error'].includes(type ?? ''))
    return errorOf(stanza, new StanzaError('bad-request', { text: 'an IQ needs an id and a valid type' }));
  // RFC 3921 session establishment after binding: nothing to do.
  if (stanza.getChild('session', NS.session) && attr(stanza, 'to') === undefined)
    return resultOf(stanza, undefined);
  return undefined;
}
