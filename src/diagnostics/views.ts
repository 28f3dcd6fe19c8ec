import { Type, type Static } from 'typebox';
import { Nullable, Timestamp } from '../lib/view-schema.js';

export const StepName = Type.Union(
  [
    Type.Literal('dns'),
    Type.Literal('tcp'),
    Type.Literal('tls'),
    Type.Literal('stream'),
    Type.Literal('login'),
    Type.Literal('round_trip'),
  ],
  { description: 'The steps, in the order they run: each needs the ones before it.' },
);

export const StepStatus = Type.Union(
  [Type.Literal('passed'), Type.Literal('warning'), Type.Literal('failed'), Type.Literal('skipped')],
  { description: '`skipped`: a step before it failed (or, for the login, no credentials were given).' },
);

export const Cause = Type.Union(
  [
    Type.Literal('server_not_found'),
    Type.Literal('dns_lookup_failed'),
    Type.Literal('srv_records_missing'),
    Type.Literal('connection_refused'),
    Type.Literal('connection_timed_out'),
    Type.Literal('encryption_not_offered'),
    Type.Literal('tls_handshake_failed'),
    Type.Literal('certificate_not_trusted'),
    Type.Literal('certificate_expired'),
    Type.Literal('certificate_not_yet_valid'),
    Type.Literal('certificate_name_mismatch'),
    Type.Literal('certificate_expiring'),
    Type.Literal('host_unknown'),
    Type.Literal('stream_refused'),
    Type.Literal('no_login_method'),
    Type.Literal('unauthorized'),
    Type.Literal('account_disabled'),
    Type.Literal('login_throttled'),
    Type.Literal('round_trip_failed'),
  ],
  { description: 'Why a step failed or warns, as a stable code.' },
);

export const DiagnosticStep = Type.Object({
  name: StepName,
  title: Type.String({ description: 'What the step checks, e.g. "Secure connection (TLS)".' }),
  status: StepStatus,
  result: Type.String({ description: 'What was found, in plain language.' }),
  cause: Nullable(Cause),
  symptom: Nullable(
    Type.String({
      description:
        'What members\' apps show for this problem ("Server not found", "Certificate not trusted"…).',
    }),
  ),
  fix: Nullable(Type.String({ description: 'What to do about it.' })),
  details: Type.Array(Type.String(), {
    description: 'The facts behind the result: records, ports, certificate.',
  }),
  latencyMs: Nullable(Type.Integer({ description: 'The round trip, for the round_trip step.' })),
});

export const PerformanceView = Type.Object(
  {
    status: Type.Union([Type.Literal('normal'), Type.Literal('slower'), Type.Literal('unknown')], {
      description:
        "`slower`: the last day's delivery p99 is at least twice the week's and 50 ms more. `unknown`: too few messages to tell.",
    }),
    summary: Type.String({ description: 'The comparison in plain words.' }),
    roundTripMs: Nullable(Type.Integer({ description: "This check's ping, when a member signed in." })),
    deliveryP50Ms: Nullable(
      Type.Number({ description: 'Server-side delivery time over the last 24 hours, median.' }),
    ),
    deliveryP99Ms: Nullable(Type.Number({ description: 'The same, 99th percentile.' })),
    usualDeliveryP50Ms: Nullable(
      Type.Number({ description: 'Over the last 7 days, median: the host’s normal.' }),
    ),
    usualDeliveryP99Ms: Nullable(Type.Number({ description: 'Over the last 7 days, 99th percentile.' })),
    messagesLastDay: Type.Integer({ minimum: 0 }),
  },
  { description: "Performance against the host's own normal, from its recorded figures." },
);

export const DiagnosticReport = Type.Object({
  id: Type.String(),
  hostId: Type.String(),
  domain: Type.String(),
  createdAt: Timestamp,
  status: Type.Union([Type.Literal('passed'), Type.Literal('warning'), Type.Literal('failed')], {
    description: 'The worst status of any step (skipped steps do not count).',
  }),
  member: Nullable(Type.String({ description: 'The member whose login was tested; never the password.' })),
  steps: Type.Array(DiagnosticStep),
  performance: Nullable(PerformanceView, {
    description: 'Null in reports made before imhost kept the comparison, or where no figures are kept.',
  }),
});

export type StepName = Static<typeof StepName>;
export type StepStatus = Static<typeof StepStatus>;
export type Cause = Static<typeof Cause>;
export type DiagnosticStep = Static<typeof DiagnosticStep>;
export type DiagnosticReport = Static<typeof DiagnosticReport>;
export type PerformanceView = Static<typeof PerformanceView>;
