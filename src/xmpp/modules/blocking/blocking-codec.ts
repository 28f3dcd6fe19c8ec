import { attr, formatJid, tryParseJid, xml, type Element, type Jid } from '../../stanza/index.js';

export const BLOCKING = 'urn:xmpp:blocking';
export const BLOCKED_ERROR = 'urn:xmpp:blocking:errors';

/** The JIDs of a block/unblock request, normalised; undefined if any is malformed. */
export function parseItems(payload: Element): string[] | undefined {
  const jids: string[] = [];
  for (const item of payload.getChildren('item')) {
    const parsed = tryParseJid(attr(item, 'jid') ?? '');
    if (!parsed) return undefined;
    jids.push(formatJid(parsed));
  }
  return jids;
}

export function itemsElement(name: 'blocklist' | 'block' | 'unblock', jids: string[]): Element {
  return xml(name, { xmlns: BLOCKING }, ...jids.map((jid) => xml('item', { jid })));
}

/** The forms of a sender that a block list entry can match (XEP-0191 §3 uses XEP-0016's order). */
export function matchKeys(sender: Jid): string[] {
  const keys = [sender.domain];
  if (sender.resource) keys.push(`${sender.domain}/${sender.resource}`);
  if (sender.local) {
    keys.push(`${sender.local}@${sender.domain}`);
    if (sender.resource) keys.push(`${sender.local}@${sender.domain}/${sender.resource}`);
  }
  return keys;
}
