import { Type, type Static } from 'typebox';
import { Nullable, Timestamp } from '../lib/view-schema.js';

export const CheckStatus = Type.Union([Type.Literal('pass'), Type.Literal('warn'), Type.Literal('fail')], {
  description: '`pass`: nothing to do. `warn`: worth a look. `fail`: needs fixing.',
});
export type CheckStatus = Static<typeof CheckStatus>;

export const CheckId = Type.Union(
  [
    Type.Literal('tls_starttls'),
    Type.Literal('tls_direct'),
    Type.Literal('certificate'),
    Type.Literal('sasl'),
    Type.Literal('dns'),
    Type.Literal('idle_members'),
    Type.Literal('attacked_accounts'),
    Type.Literal('failed_login_spike'),
    Type.Literal('team_2fa'),
    Type.Literal('software_version'),
    Type.Literal('staff_2fa'),
  ],
  { description: 'Which check; stable, so results can be compared across audits.' },
);
export type CheckId = Static<typeof CheckId>;

export const CheckResultView = Type.Object({
  check: CheckId,
  title: Type.String({ description: 'What was checked, in a few words.' }),
  status: CheckStatus,
  summary: Type.String({ description: 'What was found, in plain words.' }),
  fix: Nullable(Type.String({ description: 'What to do about it, in plain words; null when nothing.' })),
  fixedBy: Type.Union([Type.Literal('customer'), Type.Literal('provider')], {
    description: '`customer`: the fix is yours to make. `provider`: ours (the server), and staff see it.',
  }),
  details: Type.Array(Type.String(), { description: 'What was measured, one line each.' }),
});
export type CheckResultView = Static<typeof CheckResultView>;

export const AuditView = Type.Object({
  id: Type.String(),
  ranAt: Timestamp,
  trigger: Type.Union([Type.Literal('schedule'), Type.Literal('manual')]),
  worst: CheckStatus,
  counts: Type.Object({
    pass: Type.Integer({ minimum: 0 }),
    warn: Type.Integer({ minimum: 0 }),
    fail: Type.Integer({ minimum: 0 }),
  }),
  newFailures: Type.Array(CheckId, {
    description: 'Checks failing now that did not fail in the audit before: these were emailed.',
  }),
  checks: Type.Array(CheckResultView),
});
export type AuditView = Static<typeof AuditView>;

/** One earlier audit in a host's history, without its checks. */
export const AuditSummaryView = Type.Object({
  id: Type.String(),
  ranAt: Timestamp,
  trigger: AuditView.properties.trigger,
  worst: CheckStatus,
  counts: AuditView.properties.counts,
  newFailures: AuditView.properties.newFailures,
});
export type AuditSummaryView = Static<typeof AuditSummaryView>;

/** GET /hosts/{id}/audit. */
export const HostAuditView = Type.Object({
  domain: Type.String(),
  latest: Nullable(AuditView, { description: 'Null until the host is audited for the first time.' }),
  nextScheduledAt: Nullable(Timestamp, { description: 'When the weekly audit runs next.' }),
  history: Type.Array(AuditSummaryView, { description: 'Earlier audits, newest first (at most 52).' }),
});
export type HostAuditView = Static<typeof HostAuditView>;

/** One host in the staff's server-wide report. */
export const AuditReportRow = Type.Object({
  hostId: Type.String(),
  domain: Type.String(),
  customerName: Type.String(),
  ranAt: Nullable(Timestamp),
  worst: Nullable(CheckStatus, { description: 'Null: never audited.' }),
  counts: Nullable(AuditView.properties.counts),
  failing: Type.Array(Type.Object({ check: CheckId, title: Type.String() })),
});
export type AuditReportRow = Static<typeof AuditReportRow>;

/** GET /admin/audits: the server's own checks, then every host, failures first. */
export const ServerAuditReport = Type.Object({
  server: Type.Array(CheckResultView, {
    description: 'Checks of the server as a whole (staff two-factor, software version), run now.',
  }),
  hosts: Type.Array(AuditReportRow),
});
export type ServerAuditReport = Static<typeof ServerAuditReport>;
