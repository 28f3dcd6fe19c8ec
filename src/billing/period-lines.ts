import type { PlanRow, PriceRow } from './catalog.repository.js';
import type { DraftLine } from './math/invoice-math.js';
import { rateUsage, seatAmount } from './math/rating.js';
import { METRIC_LABEL, parseMetered, type UsageMetric } from './metered.js';

/** What one period of a subscription costs before coupon and tax: the recurring fee, seats, usage. */
export interface PeriodCharges {
  plan: Pick<PlanRow, 'name'>;
  price: PriceRow;
  seats: number;
  period: { start: Date; end: Date };
  /** The setup fee is charged with the first period only. */
  isFirst: boolean;
  /** Usage of the previous period, billed in arrears (pay-as-you-go). */
  usage: { metric: UsageMetric; quantity: number; period: { start: Date; end: Date } }[];
}

/** The recurring amount per period of a price at a seat count: the base for proration. */
export function recurringAmount(
  price: Pick<PriceRow, 'amount' | 'seat_amount' | 'included_seats'>,
  seats: number,
): number {
  return seatAmount(price.amount, price.seat_amount, seats, price.included_seats);
}

export function periodLines(charges: PeriodCharges): DraftLine[] {
  const { plan, price, seats, period } = charges;
  const start = period.start.toISOString();
  const end = period.end.toISOString();
  const lines: DraftLine[] = [];
  if (price.amount > 0) {
    lines.push({
      description: `${plan.name} (${price.cycle})`,
      kind: 'plan',
      quantity: 1,
      amount: price.amount,
      periodStart: start,
      periodEnd: end,
      isDiscountable: true,
    });
  }
  const extraSeats = Math.max(0, seats - price.included_seats);
  if (extraSeats > 0 && price.seat_amount > 0) {
    lines.push({
      description: `Additional seats beyond ${price.included_seats} included`,
      kind: 'seats',
      quantity: extraSeats,
      amount: extraSeats * price.seat_amount,
      periodStart: start,
      periodEnd: end,
      isDiscountable: true,
    });
  }
  if (charges.isFirst && price.setup_fee > 0) {
    lines.push({
      description: 'Setup fee',
      kind: 'setup_fee',
      quantity: 1,
      amount: price.setup_fee,
      periodStart: null,
      periodEnd: null,
      isDiscountable: false,
    });
  }
  const metered = parseMetered(price.metered);
  for (const usage of charges.usage) {
    const charge = metered.find((m) => m.metric === usage.metric);
    if (!charge || usage.quantity === 0) continue;
    lines.push({
      description: `${METRIC_LABEL[usage.metric]}: ${usage.quantity}`,
      kind: 'usage',
      quantity: usage.quantity,
      amount: rateUsage(charge.model, usage.quantity, charge.tiers),
      periodStart: usage.period.start.toISOString(),
      periodEnd: usage.period.end.toISOString(),
      isDiscountable: true,
    });
  }
  return lines;
}
