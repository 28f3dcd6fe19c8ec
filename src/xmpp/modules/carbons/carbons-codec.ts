/**
 * XEP-0280 wire format: which messages are copied (§6) and the `<received/>`/`<sent/>` wrappers
 * (§7, §8) that carry the original inside a XEP-0297 `<forwarded/>`.
 */
import { attr, cloneElement, NS, xml, type Element } from '../../stanza/index.js';

export const CARBONS = 'urn:xmpp:carbons:2';
const FORWARD = 'urn:xmpp:forward:0';
const HINTS = 'urn:xmpp:hints';

/** Payloads of one-to-one chat that a message of type normal may carry without a body (§6). */
const IM_PAYLOADS = new Set([
  'http://jabber.org/protocol/chatstates',
  'urn:xmpp:receipts',
  'urn:xmpp:chat-markers:0',
]);

/**
 * Whether a message is copied at all. §6 takes chat messages and normal ones with a body or a chat
 * payload. Errors are left out (the error's sender is usually the server, and the original's copy is
 * enough), groupchat belongs to MUC, and a XEP-0334 `<no-copy/>` opts out (`<private/>` is the
 * module's to check, as it also removes it). A message that already is a carbon is never wrapped again.
 */
export function isEligible(message: Element): boolean {
  const type = attr(message, 'type') ?? 'normal';
  if (type !== 'chat' && type !== 'normal') return false;
  if (message.getChild('no-copy', HINTS)) return false;
  if (message.getChild('received', CARBONS) || message.getChild('sent', CARBONS)) return false;
  if (type === 'chat' || message.getChild('body')) return true;
  return message.children.some(
    (child) => typeof child !== 'string' && IM_PAYLOADS.has(attr(child as Element, 'xmlns') ?? ''),
  );
}

/**
 * §9: `<private/>` keeps a message from being copied on either side; being meant for the servers,
 * it is removed before delivery. Says whether the message had it.
 */
export function takePrivate(message: Element): boolean {
  if (!message.getChild('private', CARBONS)) return false;
  message.remove('private', CARBONS);
  return true;
}

/** The copy for one resource: from the account's bare JID, the original (a fresh copy) inside. */
export function carbonCopy(
  direction: 'received' | 'sent',
  account: string,
  resource: string,
  original: Element,
): Element {
  const inner = cloneElement(original);
  if (attr(inner, 'xmlns') === undefined) inner.attrs.xmlns = NS.client;
  return xml(
    'message',
    { from: account, to: resource, type: attr(original, 'type') ?? 'normal' },
    xml(direction, { xmlns: CARBONS }, xml('forwarded', { xmlns: FORWARD }, inner)),
  );
}
