/**
 * Message routing per RFC 6121 §8.5: to a full JID, to the resource if it is there, otherwise as if
 * to the bare JID; to a bare JID, by type: chat and normal to the highest-priority available
 * resources (or offline storage), headline to all of them, groupchat never.
 */
import { attr, StanzaError } from '../../stanza/index.js';
import {
  availableResources,
  defineModule,
  messageRecipients,
  HookPriority,
  type RouteContext,
} from '../../core/index.js';

export const messageModule = defineModule({
  name: 'message',
  implements: [{ spec: 'RFC 6121', version: '§8.5 (messages)' }],
  options: {},
  setup(ctx) {
    const { sessions, metrics } = ctx;

    async function toBare(route: RouteContext): Promise<boolean> {
      const type = attr(route.stanza, 'type') ?? 'normal';
      if (type === 'groupchat') throw new StanzaError('service-unavailable');
      if (type === 'headline') {
        for (const session of availableResources(sessions, route.to)) ctx.deliver(session, route.stanza);
        return true;
      }
      const recipients = messageRecipients(sessions, route.to);
      if (recipients.length > 0) {
        for (const session of recipients) {
          ctx.deliver(session, route.stanza);
          metrics.messageRouted(route.host.domain);
        }
        return true;
      }
      if (type === 'error') return true;
      if (!(await ctx.accountExists(route))) throw new StanzaError('service-unavailable');
      if (await ctx.fire('message/offline', route)) return true;
      throw new StanzaError('service-unavailable', { text: 'the recipient is offline' });
    }

    ctx.hook('message/bare', HookPriority.handle, toBare);
    ctx.hook('message/full', HookPriority.handle, async (route) => {
      const session = sessions.byFullJid(route.to);
      if (session) {
        ctx.deliver(session, route.stanza);
        metrics.messageRouted(route.host.domain);
        return true;
      }
      const type = attr(route.stanza, 'type') ?? 'normal';
      if (type === 'groupchat' || type === 'error') {
        if (type === 'groupchat') throw new StanzaError('service-unavailable');
        return true;
      }
      return toBare({ ...route, to: { ...route.to, resource: '' } });
    });
    // The server itself takes no messages; RFC 6121 §8.5.1 lets it drop them.
    ctx.hook('message/host', HookPriority.handle, () => true);
  },
});
