/**
 * XEP-0160 offline messages: a chat or normal message with a body for an account with no available
 * resource is stored (up to a per-user cap; past it the sender gets an error) and delivered, with
 * a XEP-0203 delay stamp, at the user's next initial presence.
 */
import { newId } from '../../../lib/ids.js';
import { attr, formatBare, NS, parseStoredElement, StanzaError, xml } from '../../stanza/index.js';
import { defineModule, HookPriority } from '../../core/index.js';
import { createOfflineRepository } from './offline.repository.js';

export const offlineModule = defineModule({
  name: 'offline',
  implements: [
    { spec: 'XEP-0160', version: '1.0.1' },
    { spec: 'XEP-0203', version: '2.0', note: 'delay stamp on stored messages' },
  ],
  options: {
    maxPerUser: { default: 100, min: 0, max: 10_000, description: 'Stored messages per user; more bounce.' },
  },
  setup(api) {
    const { core } = api;
    const repository = createOfflineRepository(core.db);
    api.feature('msgoffline');

    api.hook('message/offline', HookPriority.handle, async (ctx) => {
      const type = attr(ctx.stanza, 'type') ?? 'normal';
      if ((type !== 'chat' && type !== 'normal') || ctx.stanza.getChild('body') === undefined) return true;
      const username = ctx.to.local;
      if ((await repository.count(ctx.host.id, username)) >= api.options.maxPerUser)
        throw new StanzaError('service-unavailable', {
          text: 'the recipient is offline and their message store is full',
        });
      const now = core.clock.now();
      await repository.insert({
        id: newId('msg', now.getTime()),
        host_id: ctx.host.id,
        username,
        stanza: ctx.stanza.toString(),
        created_at: now.toISOString(),
      });
      core.metrics.offlineStored(ctx.host.domain);
      return true;
    });

    api.hook('session/initial-presence', HookPriority.handle, async ({ session }) => {
      for (const stored of await repository.take(session.host.id, session.username)) {
        const message = parseStoredElement(stored.stanza);
        if (!message) continue;
        message.cnode(
          xml(
            'delay',
            { xmlns: NS.delay, from: session.host.domain, stamp: stored.created_at },
            'Offline storage',
          ),
        );
        if (attr(message, 'to') === undefined) message.attrs.to = formatBare(session.jid);
        core.deliver(session, message);
      }
    });
  },
});
