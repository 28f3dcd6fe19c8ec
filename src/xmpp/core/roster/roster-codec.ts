/** The jabber:iq:roster `<item/>` element (RFC 6121 §2.1), both ways. */
import { attr, xml, type Element } from '../../stanza/index.js';
import type { RosterItem } from './roster-store.js';

export const ROSTER_NS = 'jabber:iq:roster';

export function rosterItemElement(item: RosterItem): Element {
  const attrs: Record<string, string> = { jid: item.contact, subscription: item.subscription };
  if (item.name) attrs.name = item.name;
  if (item.askOut) attrs.ask = 'subscribe';
  if (item.preapproved) attrs.approved = 'true';
  return xml('item', attrs, ...item.groups.map((group) => xml('group', {}, group)));
}

export function removedItemElement(contact: string): Element {
  return xml('item', { jid: contact, subscription: 'remove' });
}

export interface RosterItemUpdate {
  jid: string;
  name: string | null;
  groups: string[];
  isRemove: boolean;
}

/** Undefined when the element is not a usable item (the handler answers bad-request). */
export function parseRosterItem(element: Element): RosterItemUpdate | undefined {
  const jid = attr(element, 'jid');
  if (element.name !== 'item' || !jid) return undefined;
  const groups = element
    .getChildren('group')
    .map((group) => group.text())
    .filter((name) => name !== '');
  if (new Set(groups).size !== groups.length) return undefined;
  return {
    jid,
    name: attr(element, 'name') || null,
    groups,
    isRemove: attr(element, 'subscription') === 'remove',
  };
}

export function rosterQuery(items: Element[], version?: number): Element {
  return xml(
    'query',
    { xmlns: ROSTER_NS, ...(version === undefined ? {} : { ver: String(version) }) },
    ...items,
  );
}
