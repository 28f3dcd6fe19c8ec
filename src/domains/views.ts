import { Type, type Static } from 'typebox';
import { Nullable, Timestamp } from '../lib/view-schema.js';

export const VerificationStatus = Type.Union(
  [Type.Literal('verified'), Type.Literal('pending'), Type.Literal('expired'), Type.Literal('unverified')],
  {
    description:
      '`verified`: the TXT record (or staff, or a hosted name) proved it. `pending`: waiting for the TXT record. ' +
      '`expired`: 7 days passed unproven; anyone may take the name. `unverified`: verification is off here, and the domain was not proven.',
  },
);

export const VerificationView = Type.Object({
  status: VerificationStatus,
  record: Type.Object({
    type: Type.Literal('TXT'),
    name: Type.String(),
    value: Type.String(),
  }),
  required: Type.Boolean({ description: 'Whether this server serves a domain only once it is verified.' }),
  method: Nullable(
    Type.Union([Type.Literal('dns'), Type.Literal('hosted'), Type.Literal('staff')], {
      description: 'How it was verified.',
    }),
  ),
  verifiedAt: Nullable(Timestamp),
  expiresAt: Nullable(Timestamp),
});

export const DnsRecordView = Type.Object({
  type: Type.Union([Type.Literal('TXT'), Type.Literal('SRV'), Type.Literal('CNAME')]),
  name: Type.String(),
  expected: Type.String({ description: 'The value to enter at the DNS provider.' }),
  found: Type.Array(Type.String(), { description: 'What the last lookup found.' }),
  status: Type.Union([
    Type.Literal('ok'),
    Type.Literal('missing'),
    Type.Literal('wrong'),
    Type.Literal('error'),
    Type.Literal('unchecked'),
  ]),
  explanation: Nullable(Type.String({ description: 'What is wrong, in plain words.' })),
  checkedAt: Nullable(Timestamp),
});

export const CertificateSummaryView = Type.Object({
  source: Type.Union([
    Type.Literal('acme'),
    Type.Literal('operator'),
    Type.Literal('self_signed'),
    Type.Literal('none'),
  ]),
  issuer: Nullable(Type.String()),
  notAfter: Nullable(Timestamp),
  renewAt: Nullable(Timestamp),
  status: Type.Union(
    [
      Type.Literal('valid'),
      Type.Literal('pending'),
      Type.Literal('failed'),
      Type.Literal('expiring'),
      Type.Literal('mismatch'),
      Type.Literal('self_signed'),
      Type.Literal('none'),
    ],
    {
      description:
        '`valid`: trusted and served. `pending`: waiting for verification or the CA. `failed`: the CA refused (see lastError). ' +
        '`expiring`: fewer than 14 days left. `mismatch`: a port serves another certificate. `self_signed`: apps will warn (no ACME here).',
    },
  ),
  lastError: Nullable(Type.String()),
  nextAttemptAt: Nullable(Timestamp, {
    description:
      'After a failure, when imhost tries again: backing off, or as long as a rate-limiting CA asked. Null when nothing failed.',
  }),
  isAcmeConfigured: Type.Boolean(),
});

export const DomainAlertView = Type.Object({
  kind: Type.Union([
    Type.Literal('dns_broken'),
    Type.Literal('certificate_mismatch'),
    Type.Literal('renewal_failed'),
    Type.Literal('certificate_expiring'),
    Type.Literal('claim_lost'),
  ]),
  message: Type.String(),
  createdAt: Timestamp,
});

/** GET /hosts/{id}/domain without its registration (the API adds that, with billing's renewal price). */
export const DomainView = Type.Object({
  domain: Type.String(),
  verification: VerificationView,
  dns: Type.Array(DnsRecordView),
  certificate: CertificateSummaryView,
  alerts: Type.Array(DomainAlertView, { description: 'Open problems, newest first.' }),
});
export type DomainView = Static<typeof DomainView>;

/** One host on the staff overview, failures first, then the nearest deadline. */
export const DomainOverviewRow = Type.Object({
  hostId: Type.String(),
  domain: Type.String(),
  customerName: Type.String(),
  verification: VerificationStatus,
  isDnsOk: Nullable(Type.Boolean()),
  certificateSource: CertificateSummaryView.properties.source,
  certificateStatus: CertificateSummaryView.properties.status,
  notAfter: Nullable(Timestamp),
  renewAt: Nullable(Timestamp),
  openAlerts: Type.Integer({ minimum: 0 }),
  isFailing: Type.Boolean(),
  deadline: Nullable(Timestamp),
});
export type DomainOverviewRow = Static<typeof DomainOverviewRow>;
