import type { AdminHostView } from '../tenancy/index.js';
import type { AuditRow } from './audits.repository.js';
import type { CheckResult } from './checks/check-result.js';
import type { AuditReportRow, AuditSummaryView, AuditView, CheckId } from './views.js';

const resultsOf = (row: AuditRow) => JSON.parse(row.results) as CheckResult[];

function countsOf(results: readonly CheckResult[]): AuditView['counts'] {
  const counts = { pass: 0, warn: 0, fail: 0 };
  for (const result of results) counts[result.status] += 1;
  return counts;
}

export function toAuditView(row: AuditRow): AuditView {
  const checks = resultsOf(row);
  return { ...toAuditSummary(row), checks };
}

export function toAuditSummary(row: AuditRow): AuditSummaryView {
  return {
    id: row.id,
    ranAt: row.created_at,
    trigger: row.trigger,
    worst: row.worst,
    counts: countsOf(resultsOf(row)),
    newFailures: JSON.parse(row.new_failures) as CheckId[],
  };
}

export function toReportRow(host: AdminHostView, row: AuditRow | undefined): AuditReportRow {
  const results = row ? resultsOf(row) : [];
  return {
    hostId: host.id,
    domain: host.displayDomain,
    customerName: host.customerName,
    ranAt: row?.created_at ?? null,
    worst: row?.worst ?? null,
    counts: row ? countsOf(results) : null,
    failing: results.filter((r) => r.status === 'fail').map((r) => ({ check: r.check, title: r.title })),
  };
}
