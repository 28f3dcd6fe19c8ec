import { Type } from 'typebox';
import { PageQuery } from '../../schemas.js';

export { pageOf } from '../../schemas.js';

export const tags = ['operations'];

const Timestamp = Type.String({ format: 'date-time' });
const NullableTimestamp = Type.Union([Timestamp, Type.Null()]);
const NullableString = Type.Union([Type.String(), Type.Null()]);

export const OutboxMessage = Type.Object({
  id: Type.String(),
  createdAt: Timestamp,
  recipients: Type.Array(Type.String()),
  subject: Type.String(),
  text: Type.String(),
  html: NullableString,
  headers: Type.Union([Type.Record(Type.String(), Type.String()), Type.Null()]),
  status: Type.Union(
    [Type.Literal('stored'), Type.Literal('queued'), Type.Literal('sent'), Type.Literal('failed')],
    {
      description: 'stored: kept in the outbox only (no SMTP configured); queued: waiting for delivery.',
    },
  ),
  attempts: Type.Integer(),
  lastError: NullableString,
  sentAt: NullableTimestamp,
  messageId: NullableString,
});

export const AuditEvent = Type.Object({
  id: Type.String(),
  at: Timestamp,
  actorType: Type.Union([
    Type.Literal('staff'),
    Type.Literal('customer'),
    Type.Literal('system'),
    Type.Literal('cli'),
    Type.Literal('anonymous'),
  ]),
  actorId: NullableString,
  actorEmail: Type.Union([Type.String(), Type.Null()], {
    description: 'The email of the user who acted, when the actor is a user who still exists.',
  }),
  customerId: NullableString,
  action: Type.Ref('AuditAction'),
  targetType: NullableString,
  targetId: NullableString,
  ip: NullableString,
  details: Type.Union([Type.Record(Type.String(), Type.Unknown()), Type.Null()]),
});

export const JobStatus = Type.Union([
  Type.Literal('pending'),
  Type.Literal('running'),
  Type.Literal('succeeded'),
  Type.Literal('failed'),
]);

export const Job = Type.Object({
  id: Type.String(),
  name: Type.String(),
  status: JobStatus,
  dedupeKey: NullableString,
  runAt: Timestamp,
  attempts: Type.Integer(),
  maxAttempts: Type.Integer(),
  lastError: NullableString,
  createdAt: Timestamp,
  updatedAt: Timestamp,
  finishedAt: NullableTimestamp,
});

export const AuditQuery = Type.Object(
  {
    ...PageQuery.properties,
    customerId: Type.Optional(Type.String({ maxLength: 100, description: 'Only this customer’s events.' })),
  },
  { additionalProperties: false },
);

export const JobQuery = Type.Object(
  { ...PageQuery.properties, status: Type.Optional(JobStatus) },
  { additionalProperties: false },
);

export const ClockNow = Type.Object({ now: Timestamp });

export const Clock = Type.Object({
  now: Timestamp,
  simulated: Type.Boolean({ description: 'Whether staff may move the clock (IMHOST_CLOCK=simulated).' }),
});

/** Ten years is plenty for any billing story and keeps the arithmetic far from overflowing a Date. */
export const AdvanceClock = Type.Object(
  { advanceSeconds: Type.Integer({ minimum: 0, maximum: 10 * 366 * 24 * 3600 }) },
  { additionalProperties: false },
);
