import { Type } from 'typebox';
import { monitoringViews } from '../../../monitoring/index.js';

export const tags = ['monitoring'];

export const RangeQuery = Type.Object(
  { range: Type.Optional(monitoringViews.MetricRange) },
  { additionalProperties: false },
);

export const MemberFailedLogins = Type.Object({ items: Type.Array(monitoringViews.FailedLoginView) });
