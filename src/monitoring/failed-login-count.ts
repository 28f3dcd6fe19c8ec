/**
 * How many logins failed at a host since a time, from the series: the minutes for the last two
 * days (kept 48 hours), whole hours before that (kept 90 days). The security audit's spike check
 * compares the last hour with the host's own week through this.
 */
import type { MonitoringDeps } from './monitoring-deps.js';
import { earliestPeriod, hostRows } from './series.repository.js';
import type { SeriesRow } from './host-series.js';

const HOUR_MS = 3_600_000;
/** Minutes are certainly still kept from this far back (they are purged after 48 hours). */
const MINUTES_REACH_MS = 47 * HOUR_MS;

const failedIn = (rows: readonly SeriesRow[]) =>
  rows.reduce(
    (sum, row) =>
      sum + row.logins.wrong_password + row.logins.disabled + row.logins.suspended + row.logins.throttled,
    0,
  );

export async function failedLoginCountSince(
  deps: MonitoringDeps,
  hostId: string,
  since: Date,
): Promise<{ count: number; coveredFrom: Date }> {
  const now = deps.clock.nowMs();
  const to = new Date(now + 60_000);
  const minutesFrom = Math.floor((now - MINUTES_REACH_MS) / HOUR_MS) * HOUR_MS;
  let count: number;
  if (since.getTime() >= minutesFrom) {
    count = failedIn(await hostRows(deps.db, 'minutes', hostId, { from: since, to }));
  } else {
    const [hours, minutes] = await Promise.all([
      hostRows(deps.db, 'hours', hostId, {
        from: new Date(Math.floor(since.getTime() / HOUR_MS) * HOUR_MS),
        to: new Date(minutesFrom),
      }),
      hostRows(deps.db, 'minutes', hostId, { from: new Date(minutesFrom), to }),
    ]);
    count = failedIn(hours) + failedIn(minutes);
  }
  // Figures reach back to the first period this installation recorded, for any host.
  const earliest = (await earliestPeriod(deps.db))?.getTime() ?? now;
  return { count, coveredFrom: new Date(Math.max(since.getTime(), earliest)) };
}
