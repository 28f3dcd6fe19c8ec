import type { HostView } from '../tenancy/index.js';
import { allPages } from './all-pages.js';
import { DAY_MS, type CheckResult } from './checks/check-result.js';
import { judgeCertificate } from './checks/certificate-check.js';
import { judgeDns } from './checks/dns-check.js';
import { judgeFailedLoginSpike, readFailedLogins } from './checks/login-spike-check.js';
import {
  IDLE_MEMBER_DAYS,
  judgeAttackedAccounts,
  judgeIdleMembers,
  judgeTeamTwoFactor,
} from './checks/member-checks.js';
import { judgeSasl } from './checks/sasl-check.js';
import { judgeTls, type PortProbe } from './checks/tls-check.js';
import { judgeVersion } from './checks/version-check.js';
import { auditsRepository, type AuditRow } from './audits.repository.js';
import { notifyNewFailures } from './notify-new-failures.js';
import { probePort } from './probe-ports.js';
import type { SecurityDeps } from './security-deps.js';
import type { CheckStatus } from './views.js';

/** The idle members listed by name; more are counted in the summary's first few only. */
const IDLE_LISTED = 100;

const everyTeamMember = (deps: SecurityDeps, customerId: string) =>
  allPages((query) => deps.accounts.listTeam(customerId, query));

async function tlsProbes(
  deps: SecurityDeps,
  domain: string,
): Promise<[PortProbe | undefined, PortProbe | undefined]> {
  const endpoints = deps.ports.endpoints();
  if (!endpoints) return [undefined, undefined];
  // One port after the other: a few handshakes each, not a burst against our own listeners.
  const starttls = await probePort(endpoints, 'starttls', domain);
  const direct = await probePort(endpoints, 'direct-tls', domain);
  return [starttls, direct];
}

/** Every check of one host, measured now. */
export async function auditHost(
  deps: SecurityDeps,
  host: Pick<HostView, 'id' | 'customerId' | 'domain'>,
): Promise<CheckResult[]> {
  const now = deps.clock.now();
  const [[starttls, direct], domain, idle, team, feed] = await Promise.all([
    tlsProbes(deps, host.domain),
    deps.ports.domainFacts(host.id),
    deps.tenancy.hosts.listIdleMembers(
      host.id,
      new Date(now.getTime() - IDLE_MEMBER_DAYS * DAY_MS).toISOString(),
      IDLE_LISTED,
    ),
    everyTeamMember(deps, host.customerId),
    deps.platform.releaseFeed.status(deps.config.version),
  ]);
  const handshakes = [starttls, direct].flatMap((probe) =>
    probe && 'handshake' in probe ? [probe.handshake] : [],
  );
  const served = handshakes[0];
  const watch = deps.ports.loginWatch();
  const history = deps.ports.failedLoginHistory();
  return [
    judgeTls('tls_starttls', starttls),
    judgeTls('tls_direct', direct),
    judgeCertificate(
      domain.certificate,
      served?.certificate
        ? {
            isTrusted: served.isTrusted,
            trustError: served.trustError,
            notAfter: new Date(served.certificate.validTo).toISOString(),
          }
        : undefined,
      now,
    ),
    judgeSasl(
      deps.ports.endpoints()
        ? {
            beforeTls: starttls && 'handshake' in starttls ? starttls.handshake.featuresBeforeTls : null,
            afterTls:
              handshakes.length > 0
                ? [...new Set(handshakes.flatMap((h) => h.featuresAfterTls?.mechanisms ?? []))]
                : null,
          }
        : undefined,
    ),
    judgeDns(domain.dns),
    judgeIdleMembers(idle),
    judgeAttackedAccounts(watch ? watch.throttledMembers(host.id) : null, watch?.windowMinutes ?? 0),
    judgeFailedLoginSpike(history ? await readFailedLogins(history, host.id, now) : null),
    judgeTeamTwoFactor(team),
    judgeVersion(feed, now),
  ];
}

export function worstOf(statuses: readonly CheckStatus[]): CheckStatus {
  if (statuses.includes('fail')) return 'fail';
  return statuses.includes('warn') ? 'warn' : 'pass';
}

/**
 * Audits the host, keeps the run, and emails the checks that fail now but did not fail in the run
 * before (a first run has nothing before it: its failures are all new).
 */
export async function runSecurityAudit(
  deps: SecurityDeps,
  host: Pick<HostView, 'id' | 'customerId' | 'domain'>,
  trigger: AuditRow['trigger'],
): Promise<AuditRow> {
  const results = await auditHost(deps, host);
  const repository = auditsRepository(deps.db);
  const [previous] = await repository.listForHost(host.id, 1);
  const failedBefore = new Set(
    previous
      ? (JSON.parse(previous.results) as CheckResult[]).filter((r) => r.status === 'fail').map((r) => r.check)
      : [],
  );
  const newFailures = results.filter((r) => r.status === 'fail' && !failedBefore.has(r.check));
  const row: AuditRow = {
    id: deps.newId('sau'),
    host_id: host.id,
    customer_id: host.customerId,
    trigger,
    worst: worstOf(results.map((r) => r.status)),
    results: JSON.stringify(results),
    new_failures: JSON.stringify(newFailures.map((r) => r.check)),
    created_at: deps.clock.now().toISOString(),
  };
  await notifyNewFailures(deps, host, newFailures, async (tx) => auditsRepository(tx).insert(row));
  return row;
}
