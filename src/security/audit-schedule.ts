import type { Tenancy } from '../tenancy/index.js';
import { allPages } from './all-pages.js';
import { auditsRepository, type AuditRow } from './audits.repository.js';
import { DAY_MS } from './checks/check-result.js';
import type { SecurityDeps } from './security-deps.js';

/** Hourly, at a minute nobody else picks: each pass audits the hosts whose week is up. */
export const SWEEP_CRON = '23 * * * *';
export const AUDIT_INTERVAL_MS = 7 * DAY_MS;
/** A pass audits at most this many hosts; the rest wait for the next hour. */
const SWEEP_BATCH = 50;

/** When the host's weekly audit falls due (it runs at the first hourly pass from then on). */
export function nextAuditAt(latest: AuditRow | undefined, now: Date): string {
  if (!latest) return now.toISOString();
  const due = new Date(Date.parse(latest.created_at) + AUDIT_INTERVAL_MS);
  return (due < now ? now : due).toISOString();
}

/** Hosts in service whose last audit is a week old, or that were never audited; oldest first. */
export async function listDueHosts(deps: SecurityDeps, tenancy: Pick<Tenancy, 'hosts'>) {
  const [hosts, latest] = await Promise.all([
    allPages((query) => tenancy.hosts.listAll(query)),
    auditsRepository(deps.db).latestPerHost(),
  ]);
  const lastRun = new Map(latest.map((row) => [row.host_id, row.created_at]));
  const cutoff = new Date(deps.clock.now().getTime() - AUDIT_INTERVAL_MS).toISOString();
  return hosts
    .filter((host) => host.status !== 'terminated')
    .filter((host) => (lastRun.get(host.id) ?? '') <= cutoff)
    .sort((a, b) => (lastRun.get(a.id) ?? '').localeCompare(lastRun.get(b.id) ?? ''))
    .slice(0, SWEEP_BATCH);
}
