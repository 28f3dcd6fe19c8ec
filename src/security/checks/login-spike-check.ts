import { checkResult, DAY_MS, type CheckResult } from './check-result.js';

/**
 * Failed logins per host over time. Today the only record is the login throttle's memory (its
 * sliding window); the monitoring time series (per host, minute and hourly rollups) answers for
 * days once it is wired in (src/bin/compose.ts, `failedLoginHistory`).
 */
export interface FailedLoginHistory {
  /**
   * Failed logins at the host from `since` on; `coveredFrom` is where the history really starts
   * when it does not reach back that far.
   */
  failedLoginsSince(hostId: string, since: Date): Promise<{ count: number; coveredFrom: Date }>;
}

export interface FailedLoginCounts {
  /** Failures in the last hour (or as much of it as the history covers). */
  lastHour: number;
  /** Failures over the week before the last hour; null when the history does not reach back a week. */
  weekBefore: number | null;
  /** How many minutes `lastHour` really covers. */
  coveredMinutes: number;
}

const HOUR_MS = 3_600_000;
/** Fewer failures than this in an hour is background noise (typos, old passwords in a phone). */
export const SPIKE_MIN_FAILURES = 20;
/** A spike is this many times the host's usual hourly rate. */
export const SPIKE_FACTOR = 5;

export async function readFailedLogins(
  history: FailedLoginHistory,
  hostId: string,
  now: Date,
): Promise<FailedLoginCounts> {
  const hourAgo = new Date(now.getTime() - HOUR_MS);
  const weekAgo = new Date(now.getTime() - 7 * DAY_MS);
  const [hour, week] = await Promise.all([
    history.failedLoginsSince(hostId, hourAgo),
    history.failedLoginsSince(hostId, weekAgo),
  ]);
  return {
    lastHour: hour.count,
    weekBefore: week.coveredFrom.getTime() <= weekAgo.getTime() ? week.count - hour.count : null,
    coveredMinutes: Math.round(
      (now.getTime() - Math.max(hour.coveredFrom.getTime(), hourAgo.getTime())) / 60_000,
    ),
  };
}

/** A spike against the host's own week (or, without a week of history, against a fixed floor). */
export function judgeFailedLoginSpike(counts: FailedLoginCounts | null): CheckResult {
  if (counts === null)
    return checkResult(
      'failed_login_spike',
      'warn',
      'Not measured: no login history is kept in the process that ran this audit.',
      {
        fixedBy: 'provider',
      },
    );
  const usualPerHour = counts.weekBefore === null ? null : counts.weekBefore / (7 * 24 - 1);
  const details = [
    `${counts.lastHour} failed logins in the last ${counts.coveredMinutes} minutes.`,
    usualPerHour === null
      ? 'No week of history yet to compare with.'
      : `Usually ${usualPerHour.toFixed(1)} an hour over the week before.`,
  ];
  const threshold = Math.max(SPIKE_MIN_FAILURES, SPIKE_FACTOR * (usualPerHour ?? 0));
  if (counts.lastHour >= threshold)
    return checkResult(
      'failed_login_spike',
      'warn',
      `Failed logins jumped to ${counts.lastHour} in the last ${counts.coveredMinutes} minutes${usualPerHour === null ? '' : `, against about ${Math.round(usualPerHour)} in a usual hour`}: someone may be guessing passwords.`,
      {
        fix: 'Look at "Accounts under attack" for the accounts involved, and ask members to use long passwords used nowhere else. If it goes on, ask support to block the sources.',
        details,
      },
    );
  return checkResult('failed_login_spike', 'pass', 'Failed logins are at their usual level.', { details });
}
