/**
 * XEP-0160 offline messages: a chat or normal message with a body for an account with no available
 * resource is stored (up to a per-user cap; past it the sender gets an error) and delivered, with
 * a XEP-0203 delay stamp, at the user's next initial presence.
 */
import { newId } from '../../../lib/ids.js';
import { attr, formatBare, NS, parseStoredElement, StanzaError, xml } from '../../stanza/index.js';
import { defineModule, HookPriority, messageRecipients, type Session } from '../../core/index.js';
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
      // The recipient may have sent their initial presence while this was being stored, after it
      // took what was waiting: hand the message over now, not at their next login.
      const recipients = messageRecipients(core.sessions, { ...ctx.to, resource: '' });
      if (recipients.length > 0) await handOver(recipients);
      return true;
    });

    /** Takes the account's stored messages out and delivers each, once, to every one of `sessions`. */
    async function handOver(sessions: Session[]): Promise<void> {
      const { host, username, jid } = sessions[0]!;
      for (const stored of await repository.take(host.id, username)) {
        const message = parseStoredElement(stored.stanza);
        if (!message) continue;
        message.cnode(
          xml('delay', { xmlns: NS.delay, from: host.domain, stamp: stored.created_at }, 'Offline storage'),
        );
        if (attr(message, 'to') === undefined) message.attrs.to = formatBare(jid);
        for (const session of sessions) core.deliver(session, message);
      }
    }

    api.hook('session/initial-presence', HookPriority.handle, ({ session }) => handOver([session]));
  },
});
