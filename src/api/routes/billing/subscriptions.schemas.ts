import { Type } from 'typebox';
import { billingViews } from '../../../billing/index.js';
import { body } from '../../schemas.js';
import { Currency, Cycle, Id } from './billing.schemas.js';

/** Subscriptions: starting one, its usage, changing its plan, cancelling it. */

export const Subscription = billingViews.SubscriptionView;
export const Usage = billingViews.UsageSoFar;
export const CancelResult = billingViews.CancelResult;
export const ChangeResult = billingViews.ChangeResult;

export const StartSubscription = body({
  customerId: Id,
  hostId: Id,
  planId: Id,
  cycle: Cycle,
  currency: Currency,
  seats: Type.Optional(Type.Integer({ minimum: 1, maximum: 1_000_000 })),
  couponCode: Type.Optional(Type.String({ minLength: 1, maxLength: 50 })),
});

export const ChangePlanBody = body({
  planId: Type.Optional(Id),
  cycle: Type.Optional(Cycle),
  seats: Type.Optional(Type.Integer({ minimum: 1, maximum: 1_000_000 })),
  preview: Type.Optional(Type.Boolean({ default: false, description: 'Quote only; nothing changes.' })),
});
export const CancelBody = body({ atPeriodEnd: Type.Optional(Type.Boolean({ default: true })) });
