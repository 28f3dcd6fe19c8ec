import { retentionCutoffs } from './host-series.js';
import { purgeAttempts } from './login-attempts.repository.js';
import type { MonitoringDeps } from './monitoring-deps.js';
import { purgeSeries } from './series.repository.js';

/** Deletes minutes past 48 hours, hours past 90 days and login attempts past 30 days (or the cap). */
export async function purgeMonitoring(
  deps: MonitoringDeps,
): Promise<{ minutes: number; hours: number; loginAttempts: number }> {
  const cutoffs = retentionCutoffs(deps.clock.nowMs());
  return {
    minutes: await purgeSeries(deps.db, 'minutes', cutoffs.minutes),
    hours: await purgeSeries(deps.db, 'hours', cutoffs.hours),
    loginAttempts: await purgeAttempts(deps.db, cutoffs.loginAttempts),
  };
}
