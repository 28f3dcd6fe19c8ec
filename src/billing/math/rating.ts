import { dec, type Decimal } from './decimal.js';

/** A price tier; `upTo` is inclusive and null means "and beyond". Unit amounts may be sub-minor ("0.05"). */
export interface Tier {
  upTo: number | null;
  unitAmount: string;
  flatAmount?: number;
}

export type RatingModel = 'per_unit' | 'graduated' | 'volume';

/** Recurring amount of a seat-based price: the base plus every seat beyond those included. */
export function seatAmount(base: number, seatPrice: number, seats: number, includedSeats: number): number {
  return base + seatPrice * Math.max(0, seats - includedSeats);
}

function assertTiers(tiers: readonly Tier[]): void {
  if (tiers.length === 0) throw new RangeError('a tiered price needs at least one tier');
  let previous = 0;
  tiers.forEach((tier, index) => {
    const isLast = index === tiers.length - 1;
    if (tier.upTo === null ? !isLast : isLast || tier.upTo <= previous)
      throw new RangeError('tiers must ascend and end unbounded');
    previous = tier.upTo ?? previous;
  });
}

/** Graduated: each unit is priced by the tier it falls in (the first 100 at one price, the next at another). */
export function rateGraduated(quantity: number, tiers: readonly Tier[]): Decimal {
  assertTiers(tiers);
  let total = dec(0);
  let lower = 0;
  for (const tier of tiers) {
    if (quantity <= lower) break;
    const upper = tier.upTo === null ? quantity : Math.min(quantity, tier.upTo);
    total = total.plus(dec(tier.unitAmount).times(upper - lower)).plus(tier.flatAmount ?? 0);
    lower = upper;
  }
  return total;
}

/** Volume: the tier the whole quantity reaches prices every unit. */
export function rateVolume(quantity: number, tiers: readonly Tier[]): Decimal {
  assertTiers(tiers);
  const tier = tiers.find((t) => t.upTo === null || quantity <= t.upTo) ?? tiers[tiers.length - 1]!;
  if (quantity === 0) return dec(0);
  return dec(tier.unitAmount)
    .times(quantity)
    .plus(tier.flatAmount ?? 0);
}

export function rateUsage(model: RatingModel, quantity: number, tiers: readonly Tier[]): Decimal {
  if (model === 'per_unit') return dec(tiers[0]?.unitAmount ?? 0).times(quantity);
  return model === 'graduated' ? rateGraduated(quantity, tiers) : rateVolume(quantity, tiers);
}
