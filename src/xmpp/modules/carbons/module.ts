/**
 * XEP-0280 message carbons: a session that enables them gets a copy of every chat message its
 * account receives on another resource (`<received/>`) and of every one the account sends from
 * another resource (`<sent/>`), so all of a user's devices show both sides of each conversation.
 * Copies are delivered straight to the sessions, never routed: they are not archived again, not
 * filtered again and never copied themselves.
 */
import { formatBare, formatJid, sameBare, StanzaError, type Element } from '../../stanza/index.js';
import {
  availableResources,
  defineModule,
  highestPriority,
  HookPriority,
  type IqRequest,
  type RouteContext,
  type Session,
} from '../../core/index.js';
import { CARBONS, carbonCopy, isEligible, takePrivate } from './carbons-codec.js';

/**
 * Below the other observers: blocking (a filter) has let the message through, and MAM has added
 * the recipient's `<stanza-id/>`, which the copies then carry too; still before delivery, so the
 * `<private/>` element can be removed from what the recipient gets.
 */
const CARBONS_PRIORITY = HookPriority.observe - 10;

export const carbonsModule = defineModule({
  name: 'carbons',
  implements: [
    { spec: 'XEP-0280', version: '1.0.1', note: 'chat and normal messages with a body; errors not copied' },
  ],
  options: {},
  setup(api) {
    const { core } = api;
    const enabled = new WeakSet<Session>();
    // §3: clients ask their own server, so the feature is the host's.
    api.feature(CARBONS);

    function ownSession(request: IqRequest): Session {
      if (!request.origin || !sameBare(request.origin.jid, request.to)) throw new StanzaError('forbidden');
      return request.origin;
    }
    // §4 and §5: repeated requests are not errors, each simply gets a result.
    api.iq({ target: 'account', type: 'set', xmlns: CARBONS, name: 'enable' }, (request) => {
      enabled.add(ownSession(request));
    });
    api.iq({ target: 'account', type: 'set', xmlns: CARBONS, name: 'disable' }, (request) => {
      enabled.delete(ownSession(request));
    });

    /**
     * The sessions the message module will hand the original to (RFC 6121 §8.5): the addressed
     * resource if it is there, otherwise the highest-priority available ones. They get no copy.
     */
    function originalRecipients(ctx: RouteContext): Session[] {
      if (ctx.to.resource !== '') {
        const session = core.sessions.byFullJid(ctx.to);
        if (session) return [session];
      }
      const resources = availableResources(core.sessions, ctx.to);
      return resources.length > 0 ? highestPriority(resources) : [];
    }

    /** Copies the message to the account's enabled sessions, except those `skip` names. */
    function copyTo(
      direction: 'received' | 'sent',
      account: RouteContext['to'],
      skip: () => readonly Session[],
      original: Element,
    ): void {
      const targets = core.sessions.resourcesOf(account).filter((session) => enabled.has(session));
      // Most messages meet no enabled session: skip working out who gets the original.
      if (targets.length === 0) return;
      const bare = formatBare(account);
      const skipped = skip();
      for (const session of targets)
        if (!skipped.includes(session))
          core.deliver(session, carbonCopy(direction, bare, formatJid(session.jid), original));
    }

    function observe(ctx: RouteContext): boolean {
      const { stanza, origin } = ctx;
      if (takePrivate(stanza) || !isEligible(stanza)) return false;
      // A note to oneself is no conversation to mirror; messages the server itself sends (from a
      // domain, not an account) are not either.
      const isToSelf = origin !== undefined && sameBare(origin.jid, ctx.to);
      if (isToSelf || ctx.from.local === '') return false;
      copyTo('received', ctx.to, () => originalRecipients(ctx), stanza);
      if (origin) copyTo('sent', origin.jid, () => [origin], stanza);
      return false;
    }
    api.hook('message/bare', CARBONS_PRIORITY, observe);
    api.hook('message/full', CARBONS_PRIORITY, observe);
  },
});
