import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { allocate, formatMoney, money, parseMajor, roundMinor } from './money.js';

describe('money', () => {
  it('rounds half to even, symmetrically', () => {
    assert.equal(roundMinor('2.5'), 2);
    assert.equal(roundMinor('3.5'), 4);
    assert.equal(roundMinor('-2.5'), -2);
    assert.equal(roundMinor('2.5000001'), 3);
  });

  it('refuses fractional minor units and unknown currencies', () => {
    assert.throws(() => money(1.5, 'EUR'), RangeError);
    assert.throws(() => money(1, 'XXX'), RangeError);
  });

  it('knows currency exponents', () => {
    assert.equal(formatMoney(money(1250, 'EUR')), 'EUR 12.50');
    assert.equal(formatMoney(money(1250, 'JPY')), 'JPY 1250');
    assert.equal(formatMoney(money(1250, 'KWD')), 'KWD 1.250');
    assert.deepEqual(parseMajor('12.5', 'EUR'), { amount: 1250, currency: 'EUR' });
    assert.throws(() => parseMajor('12.5', 'JPY'), RangeError);
  });

  it('allocates a total so the parts always sum to it', () => {
    assert.deepEqual(allocate(100, [1, 1, 1]), [34, 33, 33]);
    fc.assert(
      fc.property(
        fc.integer({ min: -1_000_000, max: 1_000_000 }),
        fc.array(fc.integer({ min: -1000, max: 1000 }), { minLength: 1, maxLength: 8 }),
        (total, weights) => {
          const parts = allocate(total, weights);
          assert.equal(
            parts.reduce((a, b) => a + b, 0),
            total,
          );
        },
      ),
    );
  });
});
