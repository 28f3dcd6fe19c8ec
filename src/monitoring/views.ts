/** What the API and the dashboard see of monitoring: TypeBox schemas, the API's response schemas. */
import { Type, type Static } from 'typebox';
import { Nullable, Timestamp } from '../lib/view-schema.js';

export const MetricRange = Type.Union([Type.Literal('24h'), Type.Literal('7d'), Type.Literal('30d')], {
  description: 'The last 24 hours (10-minute points), 7 days (hourly) or 30 days (4-hour points).',
});

const count = (description: string) => Type.Integer({ minimum: 0, description });
const latency = (description: string) =>
  Nullable(Type.Number({ minimum: 0, description: `${description} Null when no message was delivered.` }));

export const FailedLogins = Type.Object(
  {
    wrongPassword: count('Wrong username or password.'),
    disabled: count('The member is disabled.'),
    suspended: count('The host is suspended.'),
    throttled: count('Refused for a while after too many failures from one address.'),
  },
  { description: 'Failed logins by reason.' },
);
export type FailedLogins = Static<typeof FailedLogins>;

const figures = {
  sessions: count('Connected sessions at the peak.'),
  loginsSucceeded: count('Logins that worked.'),
  loginsFailed: FailedLogins,
  messages: count('Messages members sent.'),
  activeMembers: count('Members who logged in or sent a message, at the busiest minute.'),
  uploadBytes: Nullable(Type.Integer({ minimum: 0 }), {
    description: 'Bytes of uploaded files at the last measurement; null before the first one.',
  }),
  latencyP50Ms: latency('Median server-side delivery time, ms (the upper bound of its bucket).'),
  latencyP99Ms: latency('99th-percentile server-side delivery time, ms.'),
};

export const MetricsPoint = Type.Object({ at: Timestamp, ...figures });
export type MetricsPoint = Static<typeof MetricsPoint>;

export const MetricsTotals = Type.Object(figures, {
  description: 'The whole range as one figure: counts added up, sessions and active members at their peak.',
});

/** GET /hosts/{id}/metrics. */
export const HostMetricsView = Type.Object({
  range: MetricRange,
  from: Timestamp,
  to: Timestamp,
  stepSeconds: Type.Integer({ minimum: 1, description: 'Seconds between points.' }),
  points: Type.Array(MetricsPoint, { description: 'Evenly spaced, oldest first; each covers one step.' }),
  totals: MetricsTotals,
});
export type HostMetricsView = Static<typeof HostMetricsView>;

export const LoginFailureReason = Type.Union([
  Type.Literal('wrong_password'),
  Type.Literal('disabled'),
  Type.Literal('suspended'),
  Type.Literal('throttled'),
]);

export const FailedLoginView = Type.Object({ at: Timestamp, reason: LoginFailureReason });

export const MemberClientView = Type.Object({
  resource: Nullable(Type.String(), { description: "The resource the client bound, often the app's name." }),
  software: Nullable(Type.String(), { description: 'The app, as it answered XEP-0092.' }),
  softwareVersion: Nullable(Type.String()),
  os: Nullable(Type.String()),
});

export const MemberActivityView = Type.Object({
  username: Type.String(),
  jid: Type.String(),
  displayName: Nullable(Type.String()),
  status: Type.Union([Type.Literal('active'), Type.Literal('disabled')]),
  lastLoginAt: Nullable(Timestamp),
  client: Nullable(MemberClientView, { description: 'The client of the last login.' }),
  failedLogins: Type.Array(FailedLoginView, {
    description: 'The latest failed logins (up to 10, kept 30 days), newest first, with their reasons.',
  }),
});
export type MemberActivityView = Static<typeof MemberActivityView>;

export const BusyHostView = Type.Object({
  hostId: Type.String(),
  domain: Type.String(),
  messages: count('Messages in the range.'),
  peakSessions: count('Connected sessions at the peak, on the busiest node.'),
  loginsSucceeded: count('Logins that worked.'),
  loginsFailed: count('Logins that failed, for any reason.'),
  failedLoginRate: Type.Number({
    minimum: 0,
    maximum: 1,
    description: 'Failed logins / all logins; 0 without logins.',
  }),
});
export type BusyHostView = Static<typeof BusyHostView>;

export const ProcessFiguresView = Type.Object({
  nodeId: Type.String(),
  uptimeSeconds: Type.Integer({ minimum: 0 }),
  cpuPercent: Type.Number({ minimum: 0, description: 'CPU time since start, as a share of one core.' }),
  cpuSeconds: Type.Number({ minimum: 0 }),
  rssBytes: Type.Integer({ minimum: 0 }),
  heapUsedBytes: Type.Integer({ minimum: 0 }),
  heapTotalBytes: Type.Integer({ minimum: 0 }),
  eventLoopDelayP50Ms: Type.Integer({ minimum: 0 }),
  eventLoopDelayP99Ms: Type.Integer({ minimum: 0 }),
  eventLoopDelayMaxMs: Type.Integer({ minimum: 0 }),
});

/** GET /admin/monitoring: every host together, the busiest ones, and this node. */
export const StaffMonitoringView = Type.Object({
  metrics: HostMetricsView,
  busiestHosts: Type.Array(BusyHostView),
  process: ProcessFiguresView,
});
export type StaffMonitoringView = Static<typeof StaffMonitoringView>;
