import type { ReleaseFeedStatus } from '../../platform/operations/index.js';
import { checkResult, DAY_MS, type CheckResult } from './check-result.js';

/** An update left uninstalled this long fails: releases carry security fixes. */
export const UPDATE_GRACE_DAYS = 30;

export function judgeVersion(feed: ReleaseFeedStatus, now: Date): CheckResult {
  const options = { fixedBy: 'provider' as const };
  if (!feed.isEnabled)
    return checkResult(
      'software_version',
      'warn',
      `The server runs imhost ${feed.current}; the newest version is not known here (no release feed is set).`,
      {
        ...options,
        details: ['IMHOST_RELEASE_FEED_URL is not set.'],
      },
    );
  if (!feed.checkedAt || !feed.latest)
    return checkResult(
      'software_version',
      'warn',
      `The server runs imhost ${feed.current}; the release feed has not been read yet.`,
      {
        ...options,
        details: feed.error ? [`Last error: ${feed.error}`] : [],
      },
    );
  const details = [
    `Running ${feed.current}; newest ${feed.latest.version} of ${feed.latest.date}.`,
    ...(feed.error ? [`Last feed error: ${feed.error}`] : []),
  ];
  if (!feed.isUpdateAvailable)
    return checkResult(
      'software_version',
      'pass',
      `The server runs imhost ${feed.current}, the newest version.`,
      { ...options, details },
    );
  const oldestPending = feed.newer.at(-1)!;
  const daysPending = Math.floor((now.getTime() - Date.parse(oldestPending.date)) / DAY_MS);
  const summary = `The server runs imhost ${feed.current}; ${feed.latest.version} is out${daysPending > 0 ? ` (an update has waited ${daysPending} days)` : ''}.`;
  return checkResult('software_version', daysPending > UPDATE_GRACE_DAYS ? 'fail' : 'warn', summary, {
    ...options,
    details,
  });
}
