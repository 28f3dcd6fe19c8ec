import type { PlanRow, PriceRow } from './catalog.repository.js';
import type { DraftLine } from './math/invoice-math.js';
import type { Period } from './math/periods.js';
import { prorate, remainingFraction } from './math/proration.js';
import { recurringAmount } from './period-lines.js';

export interface Side {
  plan: Pick<PlanRow, 'name'>;
  price: PriceRow;
  seats: number;
}

function label(side: Side): string {
  const extra = Math.max(0, side.seats - side.price.included_seats);
  return extra > 0 ? `${side.plan.name} with ${extra} additional seats` : side.plan.name;
}

/**
 * The lines that move already-invoiced, unfinished periods from one plan (or seat count) to
 * another at `at`: a charge for the rest of each period at the new amount and a credit for the
 * unused rest at the old one, rounded as `prorate` documents. `to` null means cancelling.
 */
export function prorationLines(from: Side, to: Side | null, periods: Period[], at: Date): DraftLine[] {
  const lines: DraftLine[] = [];
  const oldAmount = recurringAmount(from.price, from.seats);
  const newAmount = to ? recurringAmount(to.price, to.seats) : 0;
  for (const period of periods) {
    const start = (at > period.start ? at : period.start).toISOString();
    const end = period.end.toISOString();
    const { charge, credit } = prorate(oldAmount, newAmount, remainingFraction(period, at));
    if (to && charge !== 0) {
      lines.push({
        description: `Remaining time on ${label(to)}`,
        kind: 'proration_charge',
        quantity: 1,
        amount: charge,
        periodStart: start,
        periodEnd: end,
        isDiscountable: false,
      });
    }
    if (credit !== 0) {
      lines.push({
        description: `Unused time on ${label(from)}`,
        kind: 'proration_credit',
        quantity: 1,
        amount: -credit,
        periodStart: start,
        periodEnd: end,
        isDiscountable: false,
      });
    }
  }
  return lines;
}
