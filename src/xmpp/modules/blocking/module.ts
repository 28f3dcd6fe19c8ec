/**
 * XEP-0191 blocking: the user's block list, pushed to resources that asked for it, and a filter on
 * every stanza: nothing from a blocked JID reaches the user (messages and IQs bounce with
 * service-unavailable, presence is dropped), and the user cannot send to one either. Blocking a
 * contact also ends the presence both sides saw (each gets the other's unavailable presence), and
 * unblocking restores it (XEP-0191 §3.3, §3.4; what Prosody and ejabberd do).
 */
import {
  attr,
  cloneElement,
  formatJid,
  parseJid,
  sameBare,
  StanzaError,
  xml,
  type Element,
  type Jid,
} from '../../stanza/index.js';
import {
  defineModule,
  HookPriority,
  isAvailable,
  ownSession,
  subscriptions,
  type RouteContext,
  type Session,
} from '../../core/index.js';
import { BLOCKED_ERROR, BLOCKING, itemsElement, matchKeys, parseItems } from './blocking-codec.js';
import { createBlockingRepository } from './blocking.repository.js';

const ROUTE_EVENTS = [
  'message/bare',
  'message/full',
  'presence/bare',
  'presence/full',
  'iq/bare',
  'iq/full',
] as const;

export const blockingModule = defineModule({
  name: 'blocking',
  implements: [{ spec: 'XEP-0191', version: '1.3' }],
  options: {},
  setup(ctx) {
    const repository = ctx.storage(createBlockingRepository);
    const cache = new Map<string, Promise<Set<string>>>();
    const interested = new WeakSet<Session>();
    let pushes = 0;
    ctx.feature(BLOCKING);

    const keyOf = (hostId: string, username: string) => `${hostId}\0${username}`;
    function listOf(hostId: string, username: string): Promise<Set<string>> {
      const key = keyOf(hostId, username);
      let list = cache.get(key);
      if (!list) {
        list = repository.list(hostId, username).then((jids) => new Set(jids));
        cache.set(key, list);
      }
      return list;
    }

    function push(session: Session, payload: Element): void {
      for (const other of ctx.sessions.resourcesOf(session.jid))
        if (interested.has(other))
          ctx.deliver(
            other,
            xml(
              'iq',
              { type: 'set', id: `block-${(++pushes).toString(36)}`, to: formatJid(other.jid) },
              payload,
            ),
          );
    }

    ctx.iq({ target: 'account', type: 'get', xmlns: BLOCKING, name: 'blocklist' }, async (request) => {
      const session = ownSession(request);
      interested.add(session);
      return itemsElement('blocklist', [...(await listOf(session.host.id, session.username))].sort());
    });

    ctx.iq({ target: 'account', type: 'set', xmlns: BLOCKING, name: 'block' }, async (request) => {
      const session = ownSession(request);
      const jids = parseItems(request.payload);
      if (!jids) throw new StanzaError('jid-malformed');
      if (jids.length === 0) throw new StanzaError('bad-request', { text: 'name at least one JID to block' });
      await repository.add(session.host.id, session.username, jids, ctx.clock.now().toISOString());
      cache.delete(keyOf(session.host.id, session.username));
      push(session, itemsElement('block', jids));
      await presenceAcross(session, jids, 'blocked');
    });

    ctx.iq({ target: 'account', type: 'set', xmlns: BLOCKING, name: 'unblock' }, async (request) => {
      const session = ownSession(request);
      const jids = parseItems(request.payload);
      if (!jids) throw new StanzaError('jid-malformed');
      const unblocked = jids.length === 0 ? [...(await listOf(session.host.id, session.username))] : jids;
      await repository.remove(session.host.id, session.username, jids.length === 0 ? 'all' : jids);
      cache.delete(keyOf(session.host.id, session.username));
      push(session, itemsElement('unblock', jids));
      await presenceAcross(session, unblocked, 'unblocked');
    });

    const availableOf = (jid: Jid) => ctx.sessions.resourcesOf(jid).filter(isAvailable);

    /**
     * After `entries` were blocked: the user's resources get each affected contact's unavailable
     * presence, and the contact's resources the user's, where a subscription let them see it.
     * After they were unblocked: each side gets the other's current presence, the same way.
     */
    async function presenceAcross(session: Session, entries: string[], change: 'blocked' | 'unblocked') {
      const changed = new Set(entries);
      const isAffected = (jid: Jid) => matchKeys(jid).some((key) => changed.has(key));
      const own = availableOf(session.jid);
      for (const item of await ctx.roster.list(session.host.id, session.username)) {
        const contacts = availableOf(parseJid(item.contact)).filter((other) => isAffected(other.jid));
        for (const [isSeen, from, to] of [
          [subscriptions.seesPresenceOf(item.subscription), contacts, own],
          [subscriptions.sharesPresenceWith(item.subscription), own, contacts],
        ] as const) {
          if (!isSeen) continue;
          for (const sender of from)
            for (const recipient of to) {
              const presence =
                change === 'blocked' ? xml('presence', { type: 'unavailable' }) : sender.presence!;
              ctx.deliver(recipient, readdressed(presence, sender.jid, recipient.jid));
            }
        }
      }
    }

    function readdressed(presence: Element, from: Jid, to: Jid): Element {
      const copy = cloneElement(presence);
      copy.attrs.from = formatJid(from);
      copy.attrs.to = formatJid(to);
      return copy;
    }

    async function isBlocked(
      hostId: string,
      username: string,
      other: RouteContext['from'],
    ): Promise<boolean> {
      const list = await listOf(hostId, username);
      return list.size > 0 && matchKeys(other).some((key) => list.has(key));
    }

    async function filter(route: RouteContext): Promise<boolean> {
      const isPresence = route.stanza.name === 'presence';
      const type = attr(route.stanza, 'type');
      const isAnswerable = !isPresence && type !== 'error' && type !== 'result';
      if (
        route.origin &&
        !sameBare(route.origin.jid, route.to) &&
        (await isBlocked(route.origin.host.id, route.origin.username, route.to))
      ) {
        if (isAnswerable)
          throw new StanzaError('not-acceptable', {
            text: 'you have blocked this contact',
            appCondition: xml('blocked', { xmlns: BLOCKED_ERROR }),
          });
        return true;
      }
      if (!sameBare(route.from, route.to) && (await isBlocked(route.host.id, route.to.local, route.from))) {
        if (isAnswerable) throw new StanzaError('service-unavailable');
        return true;
      }
      return false;
    }

    for (const event of ROUTE_EVENTS) ctx.hook(event, HookPriority.filter, filter);
  },
});
