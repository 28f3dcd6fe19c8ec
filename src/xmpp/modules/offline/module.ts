/**
 * XEP-0160 offline messages: a chat or normal message with a body for an account with no available
 * resource is stored (up to a per-user cap; past it the sender gets an error) and delivered, with
 * a XEP-0203 delay stamp, at the user's next initial presence.
 */
import { monotonicIdSource } from '../../../lib/ids.js';
import { attr, formatBare, NS, parseStoredElement, StanzaError, xml } from '../../stanza/index.js';
import { defineModule, HookPriority, messageRecipients, option, type Session } from '../../core/index.js';
import { createOfflineRepository } from './offline.repository.js';

export const offlineModule = defineModule({
  name: 'offline',
  implements: [
    { spec: 'XEP-0160', version: '1.0.1' },
    { spec: 'XEP-0203', version: '2.0', note: 'delay stamp on stored messages' },
  ],
  // Message routing hands it what nobody could take (message/offline), and presence tells it when
  // someone comes online (session/initial-presence).
  requires: ['message', 'presence'],
  options: {
    maxPerUser: option.integer({
      default: 100,
      min: 0,
      max: 10_000,
      description: 'Messages stored per user while offline; more bounce.',
    }),
  },
  setup(ctx) {
    const repository = ctx.storage(createOfflineRepository);
    // Stored messages are delivered in id order; several can arrive within one millisecond, and
    // random ids there would shuffle a conversation.
    const nextId = monotonicIdSource(ctx.clock);
    ctx.feature('msgoffline');

    ctx.hook('message/offline', HookPriority.handle, async (route) => {
      const type = attr(route.stanza, 'type') ?? 'normal';
      if ((type !== 'chat' && type !== 'normal') || route.stanza.getChild('body') === undefined) return true;
      const username = route.to.local;
      if ((await repository.count(route.host.id, username)) >= ctx.options.maxPerUser)
        throw new StanzaError('service-unavailable', {
          text: 'the recipient is offline and their message store is full',
        });
      const now = ctx.clock.now();
      await repository.insert({
        id: nextId('msg'),
        host_id: route.host.id,
        username,
        stanza: route.stanza.toString(),
        created_at: now.toISOString(),
      });
      ctx.metrics.offlineStored(route.host.domain);
      // The recipient may have sent their initial presence while this was being stored, after it
      // took what was waiting: hand the message over now, not at their next login.
      const recipients = messageRecipients(ctx.sessions, { ...route.to, resource: '' });
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
        for (const session of sessions) ctx.deliver(session, message);
      }
    }

    ctx.hook('session/initial-presence', HookPriority.handle, ({ session }) => handOver([session]));
  },
});
