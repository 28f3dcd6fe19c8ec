import { Type } from 'typebox';
import { Nullable, Timestamp } from '../../../lib/view-schema.js';
import { platformViews } from '../../../platform/index.js';
import { PageQuery } from '../../schemas.js';

export { pageOf } from '../../schemas.js';

export const tags = ['operations'];

export const OutboxMessage = platformViews.OutboxMessage;
export const JobStatus = platformViews.JobStatus;
export const Job = platformViews.Job;

/** An audit event with the actor's email, its action named from the registry of audit actions. */
export const AuditEvent = Type.Object({
  ...platformViews.AuditEvent.properties,
  actorEmail: Nullable(Type.String(), {
    description: 'The email of the user who acted, when the actor is a user who still exists.',
  }),
  action: Type.Ref('AuditAction'),
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
