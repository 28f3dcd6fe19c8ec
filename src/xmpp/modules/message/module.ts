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
  setup(api) {
    const { core } = api;

    async function toBare(ctx: RouteContext): Promise<boolean> {
      const type = attr(ctx.stanza, 'type') ?? 'normal';
      if (type === 'groupchat') throw new StanzaError('service-unavailable');
      if (type === 'headline') {
        for (const session of availableResources(core.sessions, ctx.to)) core.deliver(session, ctx.stanza);
        return true;
      }
      const recipients = messageRecipients(core.sessions, ctx.to);
      if (recipients.length > 0) {
        for (const session of recipients) {
          core.deliver(session, ctx.stanza);
          core.metrics.messageRouted(ctx.host.domain);
        }
        return true;
      }
      if (type === 'error') return true;
      if (!(await core.accountExists(ctx))) throw new StanzaError('service-unavailable');
      if (await core.hooks.fire('message/offline', ctx)) return true;
      throw new StanzaError('service-unavailable', { text: 'the recipient is offline' });
    }

    api.hook('message/bare', HookPriority.handle, toBare);
    api.hook('message/full', HookPriority.handle, async (ctx) => {
      const session = core.sessions.byFullJid(ctx.to);
      if (session) {
        core.deliver(session, ctx.stanza);
        core.metrics.messageRouted(ctx.host.domain);
        return true;
      }
      const type = attr(ctx.stanza, 'type') ?? 'normal';
      if (type === 'groupchat' || type === 'error') {
        if (type === 'groupchat') throw new StanzaError('service-unavailable');
        return true;
      }
      return toBare({ ...ctx, to: { ...ctx.to, resource: '' } });
    });
    // The server itself takes no messages; RFC 6121 §8.5.1 lets it drop them.
    api.hook('message/host', HookPriority.handle, () => true);
  },
});
