/**
 * XEP-0199 ping both ways: clients ping the server (and accounts, answered on their behalf), and
 * the server pings each session on an interval; a session that does not answer in time is dead and
 * is closed, which sends its unavailable presence.
 */
import { StreamError, xml } from '../../stanza/index.js';
import {
  defineModule,
  HookPriority,
  IqTimeoutError,
  startClockTimer,
  type Session,
} from '../../core/index.js';

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
    // Each bound session's interval timer, by its cancel function. The reply timeout of a ping in
    // flight lives in core.iqRequests. Both follow the injected clock, so simulated time drives them.
    const timers = new Map<Session, () => void>();
    api.feature(PING);
    api.iq({ target: 'host', type: 'get', xmlns: PING, name: 'ping' }, () => undefined);
    api.iq({ target: 'account', type: 'get', xmlns: PING, name: 'ping' }, () => undefined);

    async function ping(session: Session): Promise<void> {
      try {
        const payload = xml('ping', { xmlns: PING });
        await core.iqRequests.request(session, 'get', payload, api.options.timeoutMs);
        if (timers.has(session)) schedule(session);
      } catch (error) {
        if (!(error instanceof IqTimeoutError) || !timers.has(session)) return;
        session.close(new StreamError('connection-timeout', { text: 'no answer to ping' }));
      }
    }

    function schedule(session: Session): void {
      timers.set(
        session,
        startClockTimer(core.clock, api.options.intervalMs, () => void ping(session)),
      );
    }

    api.hook('session/bound', HookPriority.handle, ({ session }) => schedule(session));
    api.hook('session/closed', HookPriority.observe, ({ session }) => {
      timers.get(session)?.();
      timers.delete(session);
    });
    api.onUnload(() => {
      for (const cancel of timers.values()) cancel();
      timers.clear();
    });
  },
});
