import type { LoginFailureReason } from '../lib/host-activity.js';
import { clientsOfMembers, recentAttemptsOfMembers } from './login-attempts.repository.js';
import type { MonitoringDeps } from './monitoring-deps.js';

/** How many failed logins each member shows in the activity view. */
const FAILED_LOGINS_SHOWN = 10;

export interface MemberActivity {
  client: {
    resource: string | null;
    software: string | null;
    softwareVersion: string | null;
    os: string | null;
  } | null;
  failedLogins: { at: string; reason: LoginFailureReason }[];
}

/** The client and recent failed logins of these members of one host, by username. */
export async function memberActivity(
  deps: MonitoringDeps,
  hostId: string,
  usernames: readonly string[],
): Promise<Map<string, MemberActivity>> {
  const activity = new Map<string, MemberActivity>(
    usernames.map((username) => [username, { client: null, failedLogins: [] }]),
  );
  for (const row of await clientsOfMembers(deps.db, hostId, usernames)) {
    const entry = activity.get(row.username);
    if (entry)
      entry.client = {
        resource: row.resource,
        software: row.software,
        softwareVersion: row.softwareVersion,
        os: row.os,
      };
  }
  const attempts = await recentAttemptsOfMembers(deps.db, hostId, usernames, FAILED_LOGINS_SHOWN * 2);
  for (const attempt of attempts) {
    const entry = activity.get(attempt.username);
    if (!entry || attempt.outcome === 'ok' || entry.failedLogins.length >= FAILED_LOGINS_SHOWN) continue;
    entry.failedLogins.push({ at: attempt.at, reason: attempt.outcome });
  }
  return activity;
}
