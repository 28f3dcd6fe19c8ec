/**
 * How a host's figures reach monitoring: observers of logins and routing and hooks on sessions
 * count into an ActivityMeter, and a durable job hands the finished minutes to the sink every
 * minute (wired to monitoring by the composition root). The router and the stream only notify;
 * all the bookkeeping is here.
 */
import type { Clock } from '../../lib/clock.js';
import type { LoginOutcome } from '../../lib/host-activity.js';
import type { JobScheduler } from '../../platform/index.js';
import { xml, type Element } from '../stanza/index.js';
import { HookPriority, type ActivitySink, type SaslFailureCondition, type XmppCore } from '../core/index.js';
import { ActivityMeter } from './activity-meter.js';

export const FLUSH_ACTIVITY_JOB = 'xmpp.flush-activity';

const VERSION_NS = 'jabber:iq:version';
const CAPS_NS = 'http://jabber.org/protocol/caps';
/** A client that has not answered XEP-0092 by then keeps the resource as its only description. */
const VERSION_QUERY_TIMEOUT_MS = 30_000;

export interface ActivityDeps {
  core: XmppCore;
  clock: Clock;
  /** Without it, figures are counted but go nowhere. */
  reporting: { sink: ActivitySink; jobs: Pick<JobScheduler, 'define' | 'every'> } | undefined;
  storedBytesByHost(): Promise<Map<string, number>>;
}

/**
 * The reasons a customer can act on. A suspended host refuses with account-disabled too, so the
 * host's status tells the two apart; aborted exchanges and protocol errors are the client's
 * business and not counted.
 */
export function loginOutcome(
  failure: SaslFailureCondition | undefined,
  hostStatus: string,
): LoginOutcome | null {
  switch (failure) {
    case undefined:
      return 'ok';
    case 'not-authorized':
      return 'wrong_password';
    case 'account-disabled':
      return hostStatus === 'suspended' ? 'suspended' : 'disabled';
    case 'temporary-auth-failure':
      return 'throttled';
    default:
      return null;
  }
}

/** XEP-0092's answer, trimmed to what the member activity view shows. */
export function parseSoftwareVersion(
  query: Element | undefined,
): { name: string; version: string | null; os: string | null } | undefined {
  const name = query?.getChildText('name')?.trim();
  if (!query || !name) return undefined;
  const text = (child: string) => query.getChildText(child)?.trim().slice(0, 100) || null;
  return { name: name.slice(0, 100), version: text('version'), os: text('os') };
}

export function reportActivity(deps: ActivityDeps): {
  meter: ActivityMeter;
  flush(options?: { all: boolean }): Promise<void>;
} {
  const { core } = deps;
  const meter = new ActivityMeter(deps.clock);
  core.observers.on('login/attempted', ({ host, username, failure }) => {
    const outcome = loginOutcome(failure, host.status);
    if (outcome) meter.login(host.id, username, outcome);
  });
  core.observers.on('message/routed', ({ origin, to, stanza }) => {
    if (origin && to.local !== '' && stanza.getChild('body')) meter.message(origin.host.id, origin.username);
  });
  core.observers.on('message/delivered', ({ host, latencyMs }) => meter.delivered(host.id, latencyMs));
  core.hooks.on('session/bound', HookPriority.observe, ({ session }) => {
    meter.sessionOpened(session.host.id);
    meter.clientSeen({ hostId: session.host.id, username: session.username, resource: session.jid.resource });
  });
  core.hooks.on('session/closed', HookPriority.observe, ({ session }) =>
    meter.sessionClosed(session.host.id),
  );
  const { reporting } = deps;
  // Only clients that announce capabilities (XEP-0115) are asked their version: those are real
  // apps that answer, and a bare script is not sent an IQ it never asked for. Without a sink
  // nobody would see the answer, so nobody is asked.
  const asked = new WeakSet<object>();
  core.hooks.on('presence/broadcast', HookPriority.observe, ({ session, stanza }) => {
    if (!reporting) return;
    if (asked.has(session) || !stanza.getChild('c', CAPS_NS)) return;
    asked.add(session);
    core.iqRequests
      .request(session, 'get', xml('query', { xmlns: VERSION_NS }), VERSION_QUERY_TIMEOUT_MS)
      .then((reply) => {
        const software = parseSoftwareVersion(reply.getChild('query', VERSION_NS));
        if (software)
          meter.clientSeen({
            hostId: session.host.id,
            username: session.username,
            resource: session.jid.resource,
            software,
          });
      })
      // No answer, or an error: the resource stays the description.
      .catch(() => undefined);
  });

  const flush = async (options = { all: false }) => {
    if (!reporting) return;
    const batch = meter.take(options);
    if (batch.minutes.length + batch.attempts.length + batch.clients.length > 0)
      await reporting.sink.record(batch);
  };
  if (reporting) {
    reporting.jobs.define(FLUSH_ACTIVITY_JOB, async () => {
      // Storage is measured for the hosts that were active, so their charts show it.
      const stored = await deps.storedBytesByHost();
      for (const hostId of meter.hostsWithSessions()) meter.storageUsed(hostId, stored.get(hostId) ?? 0);
      await flush();
    });
    reporting.jobs.every(FLUSH_ACTIVITY_JOB, '* * * * *');
  }
  return { meter, flush };
}
