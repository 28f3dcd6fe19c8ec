/**
 * XEP-0411: bookmarks a legacy client keeps in XEP-0049 private storage (`storage:bookmarks`) are
 * the XEP-0402 bookmarks of PEP, one store seen two ways (`urn:xmpp:bookmarks:1#compat`). Reading
 * builds the legacy `<storage/>` from the PEP items; writing publishes each conference as a PEP
 * item (so other clients are notified) and retracts the ones left out. Legacy `<url/>` bookmarks
 * have no PEP form and are not kept.
 *
 * The private storage module answers every other `jabber:iq:private` query; this hook answers
 * the bookmark ones before it, as Prosody's mod_bookmarks does in front of mod_private.
 */
import {
  attr,
  parseStoredElement,
  sameBare,
  StanzaError,
  xml,
  type Element,
  type Jid,
} from '../../stanza/index.js';
import { errorOf, HookPriority, resultOf, type ModuleContext } from '../../core/index.js';
import type { PepRepository } from './pep.repository.js';
import type { PepOwner, PepService } from './pep-service.js';

export const PRIVATE = 'jabber:iq:private';
export const LEGACY_BOOKMARKS = 'storage:bookmarks';
export const BOOKMARKS = 'urn:xmpp:bookmarks:1';
export const BOOKMARKS_COMPAT = 'urn:xmpp:bookmarks:1#compat';

/** XEP-0402 §3: how the bookmarks node is configured when a client creates it. */
export const BOOKMARK_OPTIONS = new Map([
  ['pubsub#persist_items', 'true'],
  ['pubsub#max_items', 'max'],
  ['pubsub#send_last_published_item', 'never'],
  ['pubsub#access_model', 'whitelist'],
]);

const isTrue = (value: string | undefined) => value === 'true' || value === '1';

/** XEP-0048 `<conference/>` → XEP-0402 `<conference/>` (the room JID becomes the item id). */
export function toPepConference(legacy: Element): { jid: string; conference: Element } | undefined {
  const jid = attr(legacy, 'jid');
  if (!jid) return undefined;
  const name = attr(legacy, 'name');
  const nick = legacy.getChildText('nick');
  const password = legacy.getChildText('password');
  const conference = xml(
    'conference',
    {
      xmlns: BOOKMARKS,
      ...(name && { name }),
      autojoin: isTrue(attr(legacy, 'autojoin')) ? 'true' : 'false',
    },
    ...(nick ? [xml('nick', {}, nick)] : []),
    ...(password ? [xml('password', {}, password)] : []),
  );
  return { jid, conference };
}

/** XEP-0402 item → XEP-0048 `<conference/>`. */
export function toLegacyConference(jid: string, conference: Element): Element {
  const name = attr(conference, 'name');
  const nick = conference.getChildText('nick');
  const password = conference.getChildText('password');
  return xml(
    'conference',
    { jid, ...(name && { name }), autojoin: isTrue(attr(conference, 'autojoin')) ? 'true' : 'false' },
    ...(nick ? [xml('nick', {}, nick)] : []),
    ...(password ? [xml('password', {}, password)] : []),
  );
}

export function createLegacyBookmarks(
  ctx: ModuleContext,
  service: PepService,
  repository: PepRepository,
): void {
  ctx.feature(BOOKMARKS_COMPAT, 'account');

  async function read(owner: PepOwner): Promise<Element> {
    const items = await repository.items(owner.host.id, owner.username, BOOKMARKS, {});
    const conferences = items.flatMap((item) => {
      const conference = parseStoredElement(item.payload);
      return conference ? [toLegacyConference(item.id, conference)] : [];
    });
    return xml(
      'query',
      { xmlns: PRIVATE },
      xml('storage', { xmlns: LEGACY_BOOKMARKS }, ...conferences.reverse()),
    );
  }

  async function write(owner: PepOwner, storage: Element, publisher: Jid) {
    const wanted = storage.getChildren('conference').flatMap((c) => toPepConference(c) ?? []);
    const exists = (await repository.findNode(owner.host.id, owner.username, BOOKMARKS)) !== undefined;
    for (const { jid, conference } of wanted)
      await service.publish(
        owner,
        BOOKMARKS,
        { id: jid, payload: conference },
        exists ? new Map() : BOOKMARK_OPTIONS,
        publisher,
      );
    const kept = new Set(wanted.map((w) => w.jid));
    for (const item of await repository.items(owner.host.id, owner.username, BOOKMARKS, {}))
      if (!kept.has(item.id)) await service.retract(owner, BOOKMARKS, item.id, true);
  }

  ctx.hook('iq/bare', HookPriority.observe, async (route) => {
    const type = attr(route.stanza, 'type');
    const query = route.stanza.getChild('query', PRIVATE);
    const storage = query?.getChild('storage', LEGACY_BOOKMARKS);
    if (!storage || (type !== 'get' && type !== 'set')) return false;
    const { origin } = route;
    if (!origin || !sameBare(origin.jid, route.to)) return false;
    const owner = { host: origin.host, username: origin.username };
    try {
      if (type === 'get') ctx.deliver(origin, resultOf(route.stanza, await read(owner)));
      else {
        await write(owner, storage, origin.jid);
        ctx.deliver(origin, resultOf(route.stanza, undefined));
      }
    } catch (error) {
      if (!(error instanceof StanzaError)) throw error;
      ctx.deliver(origin, errorOf(route.stanza, error));
    }
    return true;
  });
}
