/**
 * XEP-0199 ping both ways: clients ping the server (and accounts, answered on their behalf), and
 * the server pings each session on an interval; a session that does not answer in time is dead and
 * is closed, which sends its unavailable presence.
 */
import { StreamError, xml } from '../../stanza/index.js';
import { defineModule, HookPriority, IqTimeoutError, type Session } from '../../core/index.js';

const PING = 'urn:xmpp:ping';

export const pingModule = defineModule({
  name: 'ping',
  implements: [
    { spec: 'XEP-0199', version: '2.0.1', note: 'server-to-client pings detect dead connections' },
  ],
  options: {
    intervalMs: {
      default: 5 * 60_000,
      min: 10,
      max: 3_600_000,
      description: 'How often each session is pinged.',
    },
    timeoutMs: { default: 60_000, min: 10, max: 600_000, description: 'How long a client has to answer.' },
  },
  setup(api) {
    const { core } = api;
    const timers = new Map<Session, NodeJS.Timeout>();
    api.feature(PING);
    api.iq({ target: 'host', type: 'get', xmlns: PING, name: 'ping' }, () => undefined);
    api.iq({ target: 'account', type: 'get', xmlns: PING, name: 'ping' }, () => undefined);

    function schedule(session: Session): void {
      const timer = setTimeout(async () => {
        try {
          await core.iqRequests.request(session, 'get', xml('ping', { xmlns: PING }), api.options.timeoutMs);
          if (timers.has(session)) schedule(session);
        } catch (error) {
          if (!(error instanceof IqTimeoutError) || !timers.has(session)) return;
          session.close(new StreamError('connection-timeout', { text: 'no answer to ping' }));
        }
      }, api.options.intervalMs);
      timer.unref();
      timers.set(session, timer);
    }

    api.hook('session/bound', HookPriority.handle, ({ session }) => schedule(session));
    api.hook('session/closed', HookPriority.observe, ({ session }) => {
      clearTimeout(timers.get(session));
      timers.delete(session);
    });
    api.onUnload(() => {
      for (const timer of timers.values()) clearTimeout(timer);
      timers.clear();
    });
  },
});
