/**
 * XEP-0280 message carbons: a session that enables them gets a copy of every chat message its
 * account receives on another resource (`<received/>`) and of every one the account sends from
 * another resource (`<sent/>`), so all of a user's devices show both sides of each conversation.
 * Copies are delivered straight to the sessions, never routed: they are not archived again, not
 * filtered again and never copied themselves.
 */
import { formatBare, formatJid, sameBare, type Element } from '../../stanza/index.js';
import {
  defineModule,
  HookPriority,
  messageRecipients,
  type RouteContext,
  type Session,
  ownSession,
} from '../../core/index.js';
import { CARBONS, carbonCopy, isEligible, takePrivate } from './carbons-codec.js';

export const carbonsModule = defineModule({
  name: 'carbons',
  implements: [
    {
      spec: 'XEP-0280',
      version: '1.0.1',
      note: 'chat, and normal with a body, chat state, receipt or marker; not errors, headlines, private, no-copy or messages stored offline',
    },
  ],
  // Copies of the messages that message routing delivers.
  requires: ['message'],
  // Copies are made once MAM has added the recipient's `<stanza-id/>`, so they carry it too: both
  // observe messages at the same priority, and equal priorities run in load order.
  after: ['mam'],
  options: {},
  setup(ctx) {
    const { sessions } = ctx;
    const enabled = new WeakSet<Session>();
    // §3: clients ask their own server, so the feature is the host's.
    ctx.feature(CARBONS);

    // §4 and §5: repeated requests are not errors, each simply gets a result.
    ctx.iq({ target: 'account', type: 'set', xmlns: CARBONS, name: 'enable' }, (request) => {
      enabled.add(ownSession(request));
    });
    ctx.iq({ target: 'account', type: 'set', xmlns: CARBONS, name: 'disable' }, (request) => {
      enabled.delete(ownSession(request));
    });

    /**
     * Copies the message to the account's enabled sessions, except those that get the original. A
     * message nobody gets now (it goes to offline storage) is copied to nobody: every session of
     * the account gets the message itself at its next available presence, so a copy would be a
     * duplicate.
     */
    function copyTo(
      direction: 'received' | 'sent',
      account: RouteContext['to'],
      gotOriginal: () => readonly Session[],
      original: Element,
    ): void {
      const targets = sessions.resourcesOf(account).filter((session) => enabled.has(session));
      // Most messages meet no enabled session: skip working out who gets the original.
      if (targets.length === 0) return;
      const originals = gotOriginal();
      if (originals.length === 0) return;
      const bare = formatBare(account);
      for (const session of targets)
        if (!originals.includes(session))
          ctx.deliver(session, carbonCopy(direction, bare, formatJid(session.jid), original));
    }

    // `<private/>` is meant for the servers (§9): it comes off before anyone records the message
    // (MAM archives it as an observer); what it said is remembered for the copying below.
    const privateMessages = new WeakSet<Element>();
    function stripPrivate({ stanza }: RouteContext): boolean {
      if (takePrivate(stanza)) privateMessages.add(stanza);
      return false;
    }
    ctx.hook('message/bare', HookPriority.rewrite, stripPrivate);
    ctx.hook('message/full', HookPriority.rewrite, stripPrivate);

    function observe(route: RouteContext): boolean {
      const { stanza, origin } = route;
      if (privateMessages.has(stanza) || !isEligible(stanza)) return false;
      // A note to oneself is no conversation to mirror; messages the server itself sends (from a
      // domain, not an account) are not either.
      const isToSelf = origin !== undefined && sameBare(origin.jid, route.to);
      if (isToSelf || route.from.local === '') return false;
      copyTo('received', route.to, () => messageRecipients(sessions, route.to), stanza);
      if (origin) copyTo('sent', origin.jid, () => [origin], stanza);
      return false;
    }
    // Blocking, a filter, has let the message through by now; delivery comes after.
    ctx.hook('message/bare', HookPriority.observe, observe);
    ctx.hook('message/full', HookPriority.observe, observe);
  },
});
