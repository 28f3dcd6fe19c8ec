import { randomBytes } from 'node:crypto';
import type { Clock } from '../../lib/clock.js';
import { AppError } from '../../lib/errors.js';
import { cardBrand, isCardNumber, isExpired, normalizeCardNumber } from './card-number.js';
import type {
  CardInput,
  ChargeRequest,
  ChargeResult,
  PaymentGateway,
  StoredCard,
} from './payment-gateway.js';
import {
  findSandboxCharge,
  insertSandboxCharge,
  insertSandboxCharges,
  type SandboxChargeRow,
} from './sandbox.repository.js';
import { scopedDb, type AnyDb, type BillingTables } from '../../platform/index.js';

type Behaviour = 'ok' | 'insufficient' | 'decline_on_charge';

/** Stripe's test-mode cards, as the issue lists them; any other valid number behaves like 4242… */
const TEST_CARDS: Record<string, Behaviour | 'decline_on_add'> = {
  '4000000000000002': 'decline_on_add',
  '4000000000009995': 'insufficient',
  '4000000000000341': 'decline_on_charge',
};

const FAILURES: Record<Exclude<Behaviour, 'ok'>, { failureCode: string; failureMessage: string }> = {
  insufficient: { failureCode: 'insufficient_funds', failureMessage: 'Your card has insufficient funds.' },
  decline_on_charge: { failureCode: 'card_declined', failureMessage: 'Your card was declined.' },
};

function toResult(row: SandboxChargeRow): ChargeResult {
  if (row.status === 'succeeded') return { status: 'succeeded', reference: row.reference };
  const failure =
    FAILURES[
      (row.failure_code === 'insufficient_funds'
        ? 'insufficient'
        : 'decline_on_charge') as keyof typeof FAILURES
    ];
  return { status: 'failed', reference: row.reference, ...failure };
}

/** The charge a request makes, by the test card behind its token; the token must be one of ours. */
function chargeRow(request: ChargeRequest, now: Date): SandboxChargeRow {
  const behaviour = (/^sbxtok_([a-z_]+)_[0-9a-f]+$/.exec(request.token)?.[1] ?? 'unknown') as
    Behaviour | 'unknown';
  if (behaviour === 'unknown') throw new AppError('payment_method_not_found');
  return {
    idempotency_key: request.idempotencyKey,
    token: request.token,
    amount: request.amount,
    currency: request.currency,
    status: behaviour === 'ok' ? 'succeeded' : 'failed',
    failure_code: behaviour === 'ok' ? null : FAILURES[behaviour].failureCode,
    reference: `sbxch_${randomBytes(12).toString('hex')}`,
    created_at: now.toISOString(),
  };
}

/**
 * The embedded default gateway: behaves like Stripe's test mode, keeps its charges in its own table
 * (so a restarted process can still answer `lookup`), and honours idempotency keys as Stripe does:
 * a repeated key returns the first outcome, and a repeated key with other parameters is an error.
 */
export function createSandboxGateway(deps: { db: AnyDb; clock: Clock }): PaymentGateway {
  const db = scopedDb<BillingTables>(deps.db);
  const gateway: PaymentGateway = {
    name: 'sandbox',
    cardCollection: { gateway: 'sandbox' },

    async prepareCardSetup() {
      return { gateway: 'sandbox' };
    },

    async attachCard() {
      throw new AppError('card_reference_not_accepted');
    },

    async addCard(card: CardInput): Promise<StoredCard> {
      const number = normalizeCardNumber(card.number);
      if (!isCardNumber(number)) throw new AppError('card_invalid');
      if (
        card.expMonth < 1 ||
        card.expMonth > 12 ||
        isExpired(card.expMonth, card.expYear, deps.clock.now())
      ) {
        throw new AppError('card_expired');
      }
      if (!/^\d{3,4}$/.test(card.cvc))
        throw new AppError('card_invalid', { message: 'The security code is invalid.' });
      const behaviour = TEST_CARDS[number] ?? 'ok';
      if (behaviour === 'decline_on_add') throw new AppError('card_declined');
      return {
        token: `sbxtok_${behaviour}_${randomBytes(12).toString('hex')}`,
        brand: cardBrand(number),
        last4: number.slice(-4),
        expMonth: card.expMonth,
        expYear: card.expYear,
      };
    },

    async charge(request: ChargeRequest): Promise<ChargeResult> {
      const row = chargeRow(request, deps.clock.now());
      // The key was used before (a retry, or two callers racing): the first outcome stands, as at Stripe.
      if (!(await insertSandboxCharge(db, row))) {
        const previous = (await findSandboxCharge(db, request.idempotencyKey))!;
        if (
          previous.amount !== request.amount ||
          previous.currency !== request.currency ||
          previous.token !== request.token
        ) {
          throw new Error(`idempotency key ${request.idempotencyKey} reused with different parameters`);
        }
        return toResult(previous);
      }
      return toResult(row);
    },

    async chargeMany(requests) {
      const answers: Array<ChargeResult | { error: unknown }> = new Array(requests.length);
      const rows: SandboxChargeRow[] = [];
      for (const [index, request] of requests.entries()) {
        try {
          rows.push(chargeRow(request, deps.clock.now()));
        } catch (error) {
          answers[index] = { error };
        }
      }
      const written = await insertSandboxCharges(db, rows);
      const byKey = new Map<string, SandboxChargeRow>();
      for (const row of rows) if (!byKey.has(row.idempotency_key)) byKey.set(row.idempotency_key, row);
      for (const [index, request] of requests.entries()) {
        if (answers[index]) continue;
        // A key used before (or twice in this call) answers as `charge` does for a repeated key.
        const row = byKey.get(request.idempotencyKey)!;
        if (written.delete(request.idempotencyKey) && row.token === request.token) {
          answers[index] = toResult(row);
          continue;
        }
        try {
          answers[index] = await gateway.charge(request);
        } catch (error) {
          answers[index] = { error };
        }
      }
      return answers;
    },

    async lookup(idempotencyKey: string): Promise<ChargeResult | null> {
      const row = await findSandboxCharge(db, idempotencyKey);
      return row ? toResult(row) : null;
    },

    async refund() {
      return { reference: `sbxre_${randomBytes(12).toString('hex')}` };
    },
  };
  return gateway;
}
