import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { prorate, remainingFraction } from './proration.js';

const period = { start: new Date('2026-04-01T00:00:00Z'), end: new Date('2026-05-01T00:00:00Z') };

describe('proration', () => {
  it('is by the second over the real period length', () => {
    assert.equal(remainingFraction(period, new Date('2026-04-16T00:00:00Z')).toString(), '0.5');
    assert.equal(remainingFraction(period, period.start).toString(), '1');
    assert.equal(remainingFraction(period, period.end).toString(), '0');
    assert.equal(remainingFraction(period, new Date('2030-01-01T00:00:00Z')).toString(), '0');
  });

  it('rounds the net once and derives the credit from it', () => {
    // 10 of 30 days left: new 2900/3, old 900/3 → net 666.67 → 667; charge 966.67 → 967; credit 300.
    const fraction = remainingFraction(period, new Date('2026-04-21T00:00:00Z'));
    assert.deepEqual(prorate(900, 2900, fraction), { charge: 967, credit: 300, net: 667 });
  });

  it('an upgrade then a downgrade later in the same period never creates money', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 10_000_000 }),
        fc.integer({ min: 0, max: 10_000_000 }),
        fc.integer({ min: 0, max: 2_592_000 }),
        fc.integer({ min: 0, max: 2_592_000 }),
        (oldAmount, newAmount, a, b) => {
          const [first, second] = a <= b ? [a, b] : [b, a];
          const at1 = new Date(period.start.getTime() + first * 1000);
          const at2 = new Date(period.start.getTime() + second * 1000);
          const up = prorate(oldAmount, newAmount, remainingFraction(period, at1));
          const down = prorate(newAmount, oldAmount, remainingFraction(period, at2));
          assert.equal(up.charge - up.credit, up.net);
          assert.ok(up.credit >= 0 && down.credit >= 0);
          // Whoever moves first to the dearer plan pays at least what the reverse move refunds.
          const roundTrip = newAmount >= oldAmount ? up.net + down.net : -(up.net + down.net);
          assert.ok(roundTrip >= 0, `round trip created ${roundTrip}`);
        },
      ),
      { numRuns: 1000 },
    );
  });
});
