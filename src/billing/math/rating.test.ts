import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { rateGraduated, rateUsage, rateVolume, seatAmount, type Tier } from './rating.js';
import { couponApplies, discountFor } from './discounts.js';

const tiers: Tier[] = [
  { upTo: 100, unitAmount: '10' },
  { upTo: 1000, unitAmount: '5' },
  { upTo: null, unitAmount: '0.25', flatAmount: 100 },
];

describe('rating', () => {
  it('charges seats beyond the included ones', () => {
    assert.equal(seatAmount(2900, 300, 12, 10), 3500);
    assert.equal(seatAmount(2900, 300, 3, 10), 2900);
  });

  it('rates graduated tiers unit by unit', () => {
    assert.equal(rateGraduated(0, tiers).toString(), '0');
    assert.equal(rateGraduated(150, tiers).toString(), String(100 * 10 + 50 * 5));
    assert.equal(rateGraduated(1002, tiers).toString(), String(1000 + 900 * 5 + 100 + 0.5));
  });

  it('rates volume tiers on the tier the whole quantity reaches', () => {
    assert.equal(rateVolume(150, tiers).toString(), String(150 * 5));
    assert.equal(rateVolume(100, tiers).toString(), '1000');
    assert.equal(rateVolume(2000, tiers).toString(), String(2000 * 0.25 + 100));
    assert.equal(rateUsage('per_unit', 7, [{ upTo: null, unitAmount: '0.04' }]).toString(), '0.28');
  });

  it('refuses tiers out of order', () => {
    assert.throws(() =>
      rateGraduated(1, [
        { upTo: 10, unitAmount: '1' },
        { upTo: 5, unitAmount: '1' },
        { upTo: null, unitAmount: '1' },
      ]),
    );
    assert.throws(() => rateVolume(1, [{ upTo: 10, unitAmount: '1' }]));
  });

  it('graduated totals grow with quantity', () => {
    fc.assert(
      fc.property(fc.nat(100_000), fc.nat(100_000), (a, b) => {
        const [low, high] = a <= b ? [a, b] : [b, a];
        assert.ok(rateGraduated(low, tiers).lte(rateGraduated(high, tiers)));
      }),
    );
  });

  it('applies coupons, capped at the subtotal, for their number of cycles', () => {
    assert.equal(discountFor(2900, { kind: 'percent', percentOff: '20' }), 580);
    assert.equal(discountFor(1234, { kind: 'percent', percentOff: '12.5' }), 154); // 154.25
    assert.equal(discountFor(500, { kind: 'amount', amountOff: 1000 }), 500);
    assert.equal(discountFor(-500, { kind: 'amount', amountOff: 1000 }), 0);
    assert.equal(couponApplies(3, 2), true);
    assert.equal(couponApplies(3, 3), false);
    assert.equal(couponApplies(null, 99), true);
  });
});
