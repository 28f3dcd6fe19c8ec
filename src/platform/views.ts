import { Type, type Static } from 'typebox';
import { Nullable, Timestamp } from '../lib/view-schema.js';

/*
 * What the API and the dashboard see of the platform's own records (the mail outbox, the audit log,
 * the job queue), as TypeBox schemas: the API serves them as its response schemas, and each record's
 * type is derived from its schema.
 */

export const OutboxStatus = Type.Union(
  [Type.Literal('stored'), Type.Literal('queued'), Type.Literal('sent'), Type.Literal('failed')],
  { description: 'stored: kept in the outbox only (no SMTP configured); queued: waiting for delivery.' },
);
export type OutboxStatus = Static<typeof OutboxStatus>;

export const OutboxMessage = Type.Object({
  id: Type.String(),
  createdAt: Timestamp,
  recipients: Type.Array(Type.String()),
  subject: Type.String(),
  text: Type.String(),
  html: Nullable(Type.String()),
  headers: Nullable(Type.Record(Type.String(), Type.String())),
  status: OutboxStatus,
  attempts: Type.Integer(),
  lastError: Nullable(Type.String()),
  sentAt: Nullable(Timestamp),
  messageId: Nullable(Type.String()),
});
export type OutboxMessage = Static<typeof OutboxMessage>;

export const AuditActorType = Type.Union([
  Type.Literal('staff'),
  Type.Literal('customer'),
  Type.Literal('system'),
  Type.Literal('cli'),
  Type.Literal('anonymous'),
]);
export type AuditActorType = Static<typeof AuditActorType>;

export const AuditEvent = Type.Object({
  id: Type.String(),
  at: Timestamp,
  actorType: AuditActorType,
  actorId: Nullable(Type.String()),
  customerId: Nullable(Type.String()),
  action: Type.String(),
  targetType: Nullable(Type.String()),
  targetId: Nullable(Type.String()),
  ip: Nullable(Type.String()),
  details: Nullable(Type.Record(Type.String(), Type.Unknown())),
});
export type AuditEvent = Static<typeof AuditEvent>;

export const JobStatus = Type.Union([
  Type.Literal('pending'),
  Type.Literal('running'),
  Type.Literal('succeeded'),
  Type.Literal('failed'),
]);
export type JobStatus = Static<typeof JobStatus>;

export const Job = Type.Object({
  id: Type.String(),
  name: Type.String(),
  status: JobStatus,
  dedupeKey: Nullable(Type.String()),
  runAt: Timestamp,
  attempts: Type.Integer(),
  maxAttempts: Type.Integer(),
  lastError: Nullable(Type.String()),
  createdAt: Timestamp,
  updatedAt: Timestamp,
  finishedAt: Nullable(Timestamp),
});
export type Job = Static<typeof Job>;
