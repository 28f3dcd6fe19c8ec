import { HOUR_MS, rollUpHours as rollUp } from './host-series.js';
import type { MonitoringDeps } from './monitoring-deps.js';
import { minuteRowsOfAllHosts, replaceHours } from './series.repository.js';

/**
 * Recomputes the current and the previous hour from their minutes, for every host and node. Run
 * every few minutes, so the week and month charts include the hour in progress; recomputing (not
 * adding) makes a repeated run harmless.
 */
export async function rollUpRecentHours(deps: MonitoringDeps): Promise<number> {
  const nowMs = deps.clock.nowMs();
  const from = new Date(Math.floor(nowMs / HOUR_MS) * HOUR_MS - HOUR_MS);
  const to = new Date(from.getTime() + 2 * HOUR_MS);
  const hours = rollUp(await minuteRowsOfAllHosts(deps.db, { from, to }));
  await replaceHours(deps.db, hours);
  return hours.length;
}
