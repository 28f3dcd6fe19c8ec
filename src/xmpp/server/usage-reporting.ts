/**
 * How the IM server's usage reaches billing: the core counts messages as it routes them, the upload
 * store knows each host's bytes, and two durable recurring jobs hand both to the sink (billing,
 * wired by the composition root). Whichever process runs the server defines the jobs; the CLI,
 * which counts nothing, does not.
 */
import type { JobScheduler } from '../../platform/index.js';
import type { UsageSink, XmppCore } from '../core/index.js';

export const FLUSH_USAGE_JOB = 'xmpp.flush-usage';
export const METER_STORAGE_JOB = 'xmpp.meter-storage';

export interface UsageReporting {
  sink: UsageSink;
  jobs: Pick<JobScheduler, 'define' | 'every'>;
}

/**
 * Flushes every minute, so a crash loses at most a minute of counts; measures storage once an hour,
 * late in the hour, so the last hour of a billing period has its snapshot before the period ends.
 * Returns the flush, for the server's shutdown and for tests; without reporting it does nothing.
 */
export function reportUsage(
  core: Pick<XmppCore, 'usage'>,
  reporting: UsageReporting | undefined,
  storedBytesByHost: () => Promise<Map<string, number>>,
): () => Promise<number> {
  if (!reporting) return async () => 0;
  const flush = () => core.usage.flush(reporting.sink);
  reporting.jobs.define(FLUSH_USAGE_JOB, async () => {
    await flush();
  });
  reporting.jobs.every(FLUSH_USAGE_JOB, '* * * * *');
  reporting.jobs.define(METER_STORAGE_JOB, async () => {
    for (const [hostId, bytes] of await storedBytesByHost()) core.usage.storageUsed(hostId, bytes);
    await flush();
  });
  reporting.jobs.every(METER_STORAGE_JOB, '59 * * * *');
  return flush;
}
