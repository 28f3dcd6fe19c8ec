/**
 * RFC 6121 §2 roster management: get (with §2.6 versioning), set and remove, and pushes to the
 * user's interested resources. Removing an item also cancels the subscriptions both ways (§2.5.3).
 */
import {
  attr,
  bareOf,
  Element,
  formatBare,
  sameBare,
  StanzaError,
  tryParseJid,
  xml,
} from '../../stanza/index.js';
import {
  defineModule,
  newRosterItem,
  option,
  parseRosterItem,
  pushRosterItem,
  removedItemElement,
  rosterItemElement,
  rosterQuery,
  ROSTER_NS,
  subscriptions,
  ownSession,
} from '../../core/index.js';

const MAX_NAME_LENGTH = 1023;

export const rosterModule = defineModule({
  name: 'roster',
  implements: [
    { spec: 'RFC 6121', version: '§2 roster management' },
    { spec: 'RFC 6121', version: '§2.6 roster versioning', note: 'a stale version gets the whole roster' },
  ],
  options: {
    maxItems: option.integer({ default: 1000, min: 10, max: 100_000, description: 'Roster items per user.' }),
  },
  setup(ctx) {
    const { roster } = ctx;
    ctx.streamFeature(xml('ver', { xmlns: 'urn:xmpp:features:rosterver' }));

    ctx.iq({ target: 'account', type: 'get', xmlns: ROSTER_NS, name: 'query' }, async (request) => {
      const session = ownSession(request);
      session.isInterested = true;
      const version = await roster.version(session.host.id, session.username);
      const clientVersion = attr(request.payload, 'ver');
      // An up-to-date client gets an empty result; its pushes carry every later change.
      if (clientVersion !== undefined && clientVersion === String(version)) return undefined;
      const items = await roster.list(session.host.id, session.username);
      return rosterQuery(items.map(rosterItemElement), version);
    });

    ctx.iq({ target: 'account', type: 'set', xmlns: ROSTER_NS, name: 'query' }, async (request) => {
      const session = ownSession(request);
      const children = request.payload.children.filter((c): c is Element => c instanceof Element);
      const update = children.length === 1 ? parseRosterItem(children[0]!) : undefined;
      const contactJid = update ? tryParseJid(update.jid) : undefined;
      if (!update || !contactJid || (update.name?.length ?? 0) > MAX_NAME_LENGTH)
        throw new StanzaError('bad-request');
      if (sameBare(contactJid, session.jid))
        throw new StanzaError('not-allowed', { text: 'you cannot add yourself' });
      const contact = formatBare(bareOf(contactJid));
      const { id: hostId, domain } = session.host;
      const existing = await roster.get(hostId, session.username, contact);

      if (update.isRemove) {
        if (!existing?.isListed) throw new StanzaError('item-not-found');
        const user = formatBare(session.jid);
        if (subscriptions.seesPresenceOf(existing.subscription) || existing.askOut)
          await ctx.route(xml('presence', { type: 'unsubscribe', from: user, to: contact }));
        if (subscriptions.sharesPresenceWith(existing.subscription) || existing.pendingIn)
          await ctx.route(xml('presence', { type: 'unsubscribed', from: user, to: contact }));
        const version = await roster.remove(hostId, session.username, contact);
        pushRosterItem(ctx, domain, session.username, removedItemElement(contact), version);
        return undefined;
      }

      if (!existing?.isListed && (await roster.list(hostId, session.username)).length >= ctx.options.maxItems)
        throw new StanzaError('resource-constraint', { text: 'the roster is full' });
      const item = {
        ...(existing ?? newRosterItem(contact)),
        name: update.name,
        groups: update.groups,
        isListed: true,
      };
      const version = await roster.save(hostId, session.username, item, true);
      pushRosterItem(ctx, domain, session.username, rosterItemElement(item), version);
      return undefined;
    });
  },
});
