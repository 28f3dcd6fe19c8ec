import { AppError } from '../lib/errors.js';
import { nowIso, type BillingDeps } from './billing-deps.js';
import {
  isGatewayEventProcessed,
  markGatewayEventProcessed,
  storeGatewayEvent,
} from './gateway-events.repository.js';
import type { StripeGateway } from './gateway/stripe-gateway.js';
import { findPaymentByIdempotencyKey } from './payments.repository.js';
import { settlePayment } from './settle-payment.js';

/**
 * A Stripe webhook: the signature is checked, the event stored under its id (a redelivery is
 * recognised and not processed twice), then processed by re-fetching the PaymentIntent, so events
 * may arrive in any order or late: the intent's current state is what counts, and `settlePayment`
 * moves an attempt out of pending exactly once, whichever of webhook or worker gets there first.
 */
export async function receiveStripeWebhook(
  deps: BillingDeps,
  rawBody: Buffer,
  signature: string,
): Promise<{ isDuplicate: boolean }> {
  const gateway = deps.gateway as StripeGateway;
  if (deps.gateway.name !== 'stripe' || typeof gateway.verifyWebhook !== 'function')
    throw new AppError('route_not_found');
  const event = gateway.verifyWebhook(rawBody, signature);
  const isNew = await storeGatewayEvent(deps.db, {
    id: event.id,
    gateway: 'stripe',
    type: event.type,
    payload: rawBody.toString('utf8'),
    received_at: nowIso(deps),
  });
  if (!isNew && (await isGatewayEventProcessed(deps.db, event.id))) return { isDuplicate: true };
  if (event.type.startsWith('payment_intent.')) {
    const intentId = (event.data.object as { id: string }).id;
    const { idempotencyKey, result } = await gateway.outcomeOf(intentId);
    const payment = idempotencyKey ? await findPaymentByIdempotencyKey(deps.db, idempotencyKey) : undefined;
    if (payment && result) await settlePayment(deps, payment, result);
  }
  await markGatewayEventProcessed(deps.db, event.id, nowIso(deps));
  return { isDuplicate: !isNew };
}
