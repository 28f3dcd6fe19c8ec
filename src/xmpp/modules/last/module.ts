/**
 * XEP-0012 last activity: the server's uptime, and for an account the seconds since its last
 * session ended (0 while online), shown only to contacts subscribed to the account's presence.
 */
import { bareOf, formatBare, sameBare, StanzaError, xml } from '../../stanza/index.js';
import { defineModule, HookPriority, subscriptions } from '../../core/index.js';
import { createLastActivityRepository } from './last-activity.repository.js';

const LAST = 'jabber:iq:last';

export const lastActivityModule = defineModule({
  name: 'last',
  implements: [{ spec: 'XEP-0012', version: '2.0' }],
  options: {},
  setup(ctx) {
    const { clock, sessions } = ctx;
    const repository = ctx.storage(createLastActivityRepository);
    const startedMs = clock.nowMs();
    const seconds = (sinceMs: number) => String(Math.max(0, Math.floor((clock.nowMs() - sinceMs) / 1000)));
    ctx.feature(LAST);

    ctx.iq({ target: 'host', type: 'get', xmlns: LAST, name: 'query' }, () =>
      xml('query', { xmlns: LAST, seconds: seconds(startedMs) }),
    );

    ctx.iq({ target: 'account', type: 'get', xmlns: LAST, name: 'query' }, async (request) => {
      const isSelf = sameBare(request.from, request.to);
      if (!isSelf) {
        const item = await ctx.roster.get(
          request.host.id,
          request.to.local,
          formatBare(bareOf(request.from)),
        );
        if (!item || !subscriptions.sharesPresenceWith(item.subscription)) throw new StanzaError('forbidden');
      }
      if (sessions.resourcesOf(request.to).length > 0) return xml('query', { xmlns: LAST, seconds: '0' });
      const last = await repository.find(request.host.id, request.to.local);
      if (!last) throw new StanzaError('item-not-found');
      return xml('query', { xmlns: LAST, seconds: seconds(Date.parse(last.logged_out_at)) }, last.status);
    });

    ctx.hook('session/closed', HookPriority.observe, async ({ session }) => {
      if (sessions.resourcesOf(session.jid).length > 0) return;
      const status = session.presence?.getChildText('status') ?? '';
      await repository.record(
        session.host.id,
        session.username,
        clock.now().toISOString(),
        status.slice(0, 1024),
      );
    });
  },
});
