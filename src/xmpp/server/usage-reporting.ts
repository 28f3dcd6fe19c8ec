/**
 * How the IM server's usage reaches billing: an observer of routing counts the messages members
 * send, the module that stores files knows each host's bytes, and two durable recurring jobs hand
 * both to the sink (billing, wired by the composition root). Whichever process runs the server
 * defines the jobs; the CLI, which counts nothing, does not.
 */
import type { Clock } from '../../lib/clock.js';
import type { JobScheduler } from '../../platform/index.js';
import type { CoreNotices, Observers, RouteContext, UsageSink } from '../core/index.js';
import { UsageMeter } from './usage-meter.js';

export const FLUSH_USAGE_JOB = 'xmpp.flush-usage';
export const METER_STORAGE_JOB = 'xmpp.meter-storage';

export interface UsageReporting {
  sink: UsageSink;
  jobs: Pick<JobScheduler, 'define' | 'every'>;
}

export interface UsageDeps {
  observers: Observers<CoreNotices>;
  clock: Clock;
  /** Without it, usage is counted but goes nowhere. */
  reporting: UsageReporting | undefined;
  storedBytesByHost(): Promise<Map<string, number>>;
}

/**
 * Billing counts what members say: a message with a body, from a member, to an account, that
 * routing accepted; once however many resources get it. Chat states, receipts, messages to the
 * server and bounced messages are free.
 */
export function countMessage(meter: UsageMeter): (routed: RouteContext) => void {
  return ({ origin, to, stanza }) => {
    if (origin && to.local !== '' && stanza.getChild('body')) meter.messageSent(origin.host);
  };
}

/**
 * Flushes every minute, so a crash loses at most a minute of counts; measures storage once an hour,
 * late in the hour, so the last hour of a billing period has its snapshot before the period ends.
 * Returns the meter and the flush, for the server's shutdown and for tests.
 */
export function reportUsage(deps: UsageDeps): { meter: UsageMeter; flush(): Promise<number> } {
  const meter = new UsageMeter(deps.clock);
  deps.observers.on('message/routed', countMessage(meter));
  const { reporting } = deps;
  if (!reporting) return { meter, flush: async () => 0 };
  const flush = () => meter.flush(reporting.sink);
  reporting.jobs.define(FLUSH_USAGE_JOB, async () => {
    await flush();
  });
  reporting.jobs.every(FLUSH_USAGE_JOB, '* * * * *');
  reporting.jobs.define(METER_STORAGE_JOB, async () => {
    for (const [hostId, bytes] of await deps.storedBytesByHost()) meter.storageUsed(hostId, bytes);
    await flush();
  });
  reporting.jobs.every(METER_STORAGE_JOB, '59 * * * *');
  return { meter, flush };
}
