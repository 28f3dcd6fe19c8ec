/**
 * RFC 6121 presence: initial presence with probes and broadcast, directed presence, unavailable
 * on disconnect, and the subscription handshake (§3) on top of the core's roster store and its
 * state machine. Subscription requests to an offline user wait as "pending in" and are sent again
 * at their next initial presence (the offline storage of subscription requests).
 */
import {
  attr,
  bareOf,
  cloneElement,
  formatBare,
  formatJid,
  xml,
  type Element,
  type Jid,
} from '../../stanza/index.js';
import {
  availableResources,
  defineModule,
  HookPriority,
  isAvailable,
  newRosterItem,
  pushRosterItem,
  rosterItemElement,
  subscriptions,
  type RouteContext,
  type Session,
  type SessionRouter,
} from '../../core/index.js';

function addressed(stanza: Element, from: string, to: string | undefined): Element {
  const copy = cloneElement(stanza);
  copy.attrs.from = from;
  if (to === undefined) delete copy.attrs.to;
  else copy.attrs.to = to;
  return copy;
}

function priorityOf(stanza: Element): number {
  const value = Number.parseInt(stanza.getChildText('priority') ?? '0', 10);
  return Number.isInteger(value) ? Math.max(-128, Math.min(127, value)) : 0;
}

/** Every available session of an account, negative priority included (presence goes to all). */
function availableSessions(sessions: SessionRouter, bare: Jid): Session[] {
  return sessions.resourcesOf(bare).filter(isAvailable);
}

export const presenceModule = defineModule({
  name: 'presence',
  implements: [
    { spec: 'RFC 6121', version: '§3 subscriptions, §4 presence, pre-approval (§3.4)' },
    { spec: 'XEP-0160', version: '1.0.1', note: 'subscription requests kept until the next login' },
  ],
  // Subscriptions change rosters, which clients read and hear pushed through the roster module.
  requires: ['roster'],
  options: {},
  setup(ctx) {
    const { roster, sessions } = ctx;
    ctx.streamFeature(xml('sub', { xmlns: 'urn:xmpp:features:pre-approval' }));

    /**
     * Sends `stanza` to the contacts that see `session`, to its directed-presence targets, and to
     * the user's own resources. Unavailable presence also goes back to the resource that sent it
     * (RFC 6121 §4.5.2), unless that session is gone (`isClosing`).
     */
    async function broadcast(
      session: Session,
      stanza: Element,
      isInitial: boolean,
      isClosing = false,
    ): Promise<void> {
      const from = formatJid(session.jid);
      const items = await roster.list(session.host.id, session.username);
      for (const item of items)
        if (subscriptions.sharesPresenceWith(item.subscription))
          await ctx.route(addressed(stanza, from, item.contact));
      for (const target of session.directedPresence)
        if (stanza.attrs.type === 'unavailable') await ctx.route(addressed(stanza, from, target));
      if (stanza.attrs.type === 'unavailable') session.directedPresence.clear();
      const own = availableSessions(sessions, session.jid);
      if (stanza.attrs.type === 'unavailable' && !isClosing) own.push(session);
      for (const resource of own) ctx.deliver(resource, addressed(stanza, from, formatJid(resource.jid)));
      if (!isInitial) return;
      const bare = formatBare(session.jid);
      for (const item of items)
        if (subscriptions.seesPresenceOf(item.subscription))
          await ctx.route(xml('presence', { type: 'probe', from: bare, to: item.contact }));
      for (const item of await roster.pendingIn(session.host.id, session.username))
        ctx.deliver(session, xml('presence', { type: 'subscribe', from: item.contact, to: bare }));
    }

    ctx.hook('presence/broadcast', HookPriority.handle, async ({ session, stanza }) => {
      const type = attr(stanza, 'type');
      if (type === undefined) {
        const isInitial = session.presence === null;
        session.presence = stanza;
        session.priority = priorityOf(stanza);
        await broadcast(session, stanza, isInitial);
        if (isInitial) await ctx.fire('session/initial-presence', { session });
      } else if (type === 'unavailable' && session.presence !== null) {
        session.presence = null;
        await broadcast(session, stanza, false);
      }
      return true;
    });

    ctx.hook('session/closed', HookPriority.handle, async ({ session }) => {
      if (session.presence === null) return;
      session.presence = null;
      await broadcast(session, xml('presence', { type: 'unavailable' }), false, true);
    });

    async function saveAndPush(
      session: { hostId: string; domain: string; username: string },
      item: ReturnType<typeof newRosterItem>,
    ): Promise<void> {
      const version = await roster.save(session.hostId, session.username, item, item.isListed);
      if (item.isListed)
        pushRosterItem(ctx, session.domain, session.username, rosterItemElement(item), version);
    }

    /** Sends the current presence of each of `contact`'s sessions to `user` (after approval, §3.1.6). */
    async function sendPresenceOf(contact: Jid, user: Jid, type?: 'unavailable'): Promise<void> {
      for (const session of availableSessions(sessions, contact)) {
        const presence = type ? xml('presence', { type }) : session.presence!;
        await ctx.route(addressed(presence, formatJid(session.jid), formatBare(user)));
      }
    }

    async function subscription(route: RouteContext, type: subscriptions.SubscriptionType): Promise<void> {
      const from = bareOf(route.from);
      const to = bareOf(route.to);
      if (route.origin) {
        const owner = {
          hostId: route.origin.host.id,
          domain: route.origin.host.domain,
          username: route.origin.username,
        };
        const item =
          (await roster.get(owner.hostId, owner.username, formatBare(to))) ?? newRosterItem(formatBare(to));
        const step = subscriptions.outbound(type, item);
        if (step.changed) await saveAndPush(owner, { ...item, ...step.state, isListed: true });
        if (step.forward)
          await ctx.route(xml('presence', { type, from: formatBare(from), to: formatBare(to) }));
        if (type === 'subscribed' && step.changed && step.forward) await sendPresenceOf(from, to);
        if (type === 'unsubscribed' && step.forward) await sendPresenceOf(from, to, 'unavailable');
        return;
      }
      const owner = { hostId: route.host.id, domain: route.host.domain, username: to.local };
      if (!(await ctx.accountExists(route))) return;
      const item =
        (await roster.get(owner.hostId, owner.username, formatBare(from))) ?? newRosterItem(formatBare(from));
      const step = subscriptions.inbound(type, item);
      if (step.changed) await saveAndPush(owner, { ...item, ...step.state });
      if (step.autoReply) {
        await ctx.route(xml('presence', { type: 'subscribed', from: formatBare(to), to: formatBare(from) }));
        await sendPresenceOf(to, from);
      }
      if (step.forward)
        for (const session of availableSessions(sessions, to))
          ctx.deliver(session, xml('presence', { type, from: formatBare(from), to: formatBare(to) }));
    }

    async function probe(route: RouteContext): Promise<void> {
      const item = await roster.get(route.host.id, route.to.local, formatBare(bareOf(route.from)));
      if (!item || !subscriptions.sharesPresenceWith(item.subscription)) return;
      for (const session of availableSessions(sessions, route.to))
        await ctx.route(addressed(session.presence!, formatJid(session.jid), formatJid(route.from)));
    }

    function trackDirected(route: RouteContext, type: string | undefined): void {
      if (!route.origin) return;
      const target = formatJid(route.to);
      if (type === 'unavailable') route.origin.directedPresence.delete(target);
      else if (type === undefined && route.origin.presence !== null)
        route.origin.directedPresence.add(target);
    }

    async function toAccount(route: RouteContext): Promise<boolean> {
      const type = attr(route.stanza, 'type');
      if (subscriptions.isSubscriptionType(type)) await subscription(route, type);
      else if (type === 'probe') await probe(route);
      else if (type === undefined || type === 'unavailable' || type === 'error') {
        trackDirected(route, type);
        for (const session of type === 'error'
          ? availableResources(sessions, route.to)
          : availableSessions(sessions, route.to))
          ctx.deliver(session, route.stanza);
      }
      return true;
    }

    ctx.hook('presence/bare', HookPriority.handle, toAccount);
    ctx.hook('presence/full', HookPriority.handle, async (route) => {
      const type = attr(route.stanza, 'type');
      if (subscriptions.isSubscriptionType(type) || type === 'probe')
        return toAccount({ ...route, to: bareOf(route.to) });
      trackDirected(route, type);
      const session = sessions.byFullJid(route.to);
      if (session) ctx.deliver(session, route.stanza);
      return true;
    });
    ctx.hook('presence/host', HookPriority.handle, () => true);
  },
});
