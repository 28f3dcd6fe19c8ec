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
  option,
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
    intervalMs: option.integer({
      default: 5 * 60_000,
      min: 10,
      max: 3_600_000,
      description: 'How often each session is pinged, in milliseconds.',
    }),
    timeoutMs: option.integer({
      default: 60_000,
      min: 10,
      max: 600_000,
      description: 'How long a client has to answer a ping, in milliseconds.',
    }),
  },
  setup(ctx) {
    // Each bound session's interval timer, by its cancel function. The reply timeout of a ping in
    // flight is the core's (ctx.request). Both follow the injected clock, so simulated time drives them.
    const timers = new Map<Session, () => void>();
    ctx.feature(PING);
    ctx.iq({ target: 'host', type: 'get', xmlns: PING, name: 'ping' }, () => undefined);
    ctx.iq({ target: 'account', type: 'get', xmlns: PING, name: 'ping' }, () => undefined);

    async function ping(session: Session): Promise<void> {
      try {
        const payload = xml('ping', { xmlns: PING });
        await ctx.request(session, 'get', payload, ctx.options.timeoutMs);
        if (timers.has(session)) schedule(session);
      } catch (error) {
        if (!(error instanceof IqTimeoutError) || !timers.has(session)) return;
        session.close(new StreamError('connection-timeout', { text: 'no answer to ping' }));
      }
    }

    function schedule(session: Session): void {
      timers.set(
        session,
        startClockTimer(ctx.clock, ctx.options.intervalMs, () => void ping(session)),
      );
    }

    ctx.hook('session/bound', HookPriority.handle, ({ session }) => schedule(session));
    ctx.hook('session/closed', HookPriority.observe, ({ session }) => {
      timers.get(session)?.();
      timers.delete(session);
    });
    ctx.onUnload(() => {
      for (const cancel of timers.values()) cancel();
      timers.clear();
    });
  },
});
