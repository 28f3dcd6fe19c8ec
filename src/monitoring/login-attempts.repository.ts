/**
 * Members' login attempts (kept 30 days, and at most MAX_ATTEMPTS_PER_MEMBER each) and the client
 * each member last signed in with. Every query names the host.
 */
import { sql } from 'kysely';
import type { ClientSeen, LoginAttempt, LoginFailureReason, LoginOutcome } from '../lib/host-activity.js';
import type { IdSource } from '../platform/index.js';
import type { MonitoringDb } from './monitoring-deps.js';

/** Enough to answer "why can't Anna log in?", bounded so a password-guessing bot cannot fill the disk. */
export const MAX_ATTEMPTS_PER_MEMBER = 50;

export interface StoredAttempt {
  username: string;
  outcome: LoginOutcome;
  at: string;
}

export interface FailedLogin {
  username: string;
  reason: LoginFailureReason;
  at: string;
}

export interface MemberClient {
  username: string;
  lastLoginAt: string;
  resource: string | null;
  software: string | null;
  softwareVersion: string | null;
  os: string | null;
}

export async function insertAttempts(
  db: MonitoringDb,
  newId: IdSource,
  nodeId: string,
  attempts: readonly LoginAttempt[],
): Promise<void> {
  if (attempts.length === 0) return;
  await db
    .insertInto('monitoring_login_attempts')
    .values(
      attempts.map((attempt) => ({
        id: newId('lga'),
        host_id: attempt.hostId,
        username: attempt.username,
        outcome: attempt.outcome,
        node_id: nodeId,
        at: attempt.at.toISOString(),
      })),
    )
    .execute();
}

/** The latest sighting wins; an XEP-0092 answer keeps the resource it came with. */
export async function recordClients(db: MonitoringDb, clients: readonly ClientSeen[]): Promise<void> {
  for (const client of clients) {
    const at = client.at.toISOString();
    await db
      .insertInto('monitoring_member_clients')
      .values({
        host_id: client.hostId,
        username: client.username,
        last_login_at: at,
        resource: client.resource ?? null,
        software: client.software?.name ?? null,
        software_version: client.software?.version ?? null,
        os: client.software?.os ?? null,
      })
      .onConflict((conflict) =>
        conflict.columns(['host_id', 'username']).doUpdateSet(
          client.software
            ? {
                resource: client.resource ?? null,
                software: client.software.name,
                software_version: client.software.version,
                os: client.software.os,
              }
            : // A new login: its resource, and no software until the client answers again.
              {
                last_login_at: at,
                resource: client.resource ?? null,
                software: null,
                software_version: null,
                os: null,
              },
        ),
      )
      .execute();
  }
}

export async function clientsOfMembers(
  db: MonitoringDb,
  hostId: string,
  usernames: readonly string[],
): Promise<MemberClient[]> {
  if (usernames.length === 0) return [];
  const rows = await db
    .selectFrom('monitoring_member_clients')
    .selectAll()
    .where('host_id', '=', hostId)
    .where('username', 'in', usernames)
    .execute();
  return rows.map((row) => ({
    username: row.username,
    lastLoginAt: row.last_login_at,
    resource: row.resource,
    software: row.software,
    softwareVersion: row.software_version,
    os: row.os,
  }));
}

const FAILED = ['wrong_password', 'disabled', 'suspended', 'throttled'] as const;

function toFailedLogin(row: { username: string; outcome: LoginOutcome; at: string }): FailedLogin {
  return { username: row.username, reason: row.outcome as LoginFailureReason, at: row.at };
}

/** Failed logins of one host at or after `since`, newest first. */
export async function failedLoginsOfHostSince(
  db: MonitoringDb,
  hostId: string,
  since: Date,
  limit: number,
): Promise<FailedLogin[]> {
  const rows = await db
    .selectFrom('monitoring_login_attempts')
    .select(['username', 'outcome', 'at'])
    .where('host_id', '=', hostId)
    .where('at', '>=', since.toISOString())
    .where('outcome', 'in', FAILED)
    .orderBy('at', 'desc')
    .orderBy('id', 'desc')
    .limit(limit)
    .execute();
  return rows.map(toFailedLogin);
}

/** One member's latest failed logins, newest first. */
export async function recentFailedLoginsOfMember(
  db: MonitoringDb,
  hostId: string,
  username: string,
  limit: number,
): Promise<FailedLogin[]> {
  const rows = await db
    .selectFrom('monitoring_login_attempts')
    .select(['username', 'outcome', 'at'])
    .where('host_id', '=', hostId)
    .where('username', '=', username)
    .where('outcome', 'in', FAILED)
    .orderBy('at', 'desc')
    .orderBy('id', 'desc')
    .limit(limit)
    .execute();
  return rows.map(toFailedLogin);
}

/** Members' latest attempts, up to `perMember` each, for the activity view. */
export async function recentAttemptsOfMembers(
  db: MonitoringDb,
  hostId: string,
  usernames: readonly string[],
  perMember: number,
): Promise<StoredAttempt[]> {
  if (usernames.length === 0) return [];
  const result = await sql<StoredAttempt>`
    select username, outcome, at from (
      select username, outcome, at,
        row_number() over (partition by username order by at desc, id desc) as position
      from monitoring_login_attempts
      where host_id = ${hostId} and username in (${sql.join(usernames)})
    ) ranked
    where position <= ${perMember}
    order by username, at desc`.execute(db);
  return result.rows;
}

/** Deletes attempts older than `before`, and each member's beyond the newest MAX_ATTEMPTS_PER_MEMBER. */
export async function purgeAttempts(db: MonitoringDb, before: Date): Promise<number> {
  const old = await db
    .deleteFrom('monitoring_login_attempts')
    .where('at', '<', before.toISOString())
    .executeTakeFirst();
  const surplus = await sql`
    delete from monitoring_login_attempts where id in (
      select id from (
        select id, row_number() over (partition by host_id, username order by at desc, id desc) as position
        from monitoring_login_attempts
      ) ranked
      where position > ${MAX_ATTEMPTS_PER_MEMBER}
    )`.execute(db);
  return Number(old.numDeletedRows) + Number(surplus.numAffectedRows ?? 0);
}
