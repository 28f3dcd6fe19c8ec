import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { priceInvoice, taxOn, type DraftLine } from './invoice-math.js';
import { dec } from './decimal.js';
import { decideTax, REVERSE_CHARGE_NOTE, type TaxDecision, type TaxRate } from './tax.js';

const rates: TaxRate[] = [
  { country: 'DE', percent: '19', isInclusive: false },
  { country: 'FR', percent: '20', isInclusive: false },
  { country: 'GB', percent: '20', isInclusive: true },
];
const seller = { country: 'DE' };
const none: TaxDecision = { percent: dec(0), isInclusive: false, isReverseCharge: false, note: null };

function line(amount: number | string, overrides: Partial<DraftLine> = {}): DraftLine {
  return {
    description: 'x',
    kind: 'plan',
    quantity: 1,
    amount,
    periodStart: null,
    periodEnd: null,
    isDiscountable: true,
    ...overrides,
  };
}

describe('tax', () => {
  it('charges the buyer country rate, or reverse-charges an EU business with a VAT id', () => {
    assert.equal(decideTax(seller, { country: 'FR', vatId: null }, rates).percent.toString(), '20');
    const reverse = decideTax(seller, { country: 'FR', vatId: 'FR40303265045' }, rates);
    assert.equal(reverse.isReverseCharge, true);
    assert.equal(reverse.percent.toString(), '0');
    assert.equal(reverse.note, REVERSE_CHARGE_NOTE);
    // A domestic business still pays VAT.
    assert.equal(decideTax(seller, { country: 'DE', vatId: 'DE123456789' }, rates).percent.toString(), '19');
    assert.equal(decideTax(seller, { country: 'US', vatId: null }, rates).percent.toString(), '0');
    assert.equal(decideTax(seller, { country: null, vatId: null }, rates).percent.toString(), '19');
  });

  it('computes exclusive and inclusive tax once per invoice', () => {
    const de = decideTax(seller, { country: 'DE', vatId: null }, rates);
    assert.equal(taxOn(2900, de), 551);
    const gb = decideTax(seller, { country: 'GB', vatId: null }, rates);
    assert.equal(taxOn(1200, gb), 200);
    // Per line, 19% of 0.55 is 0.1045 → 0.10, three times 0.30; on the invoice, 19% of 1.65 is 0.31.
    const priced = priceInvoice([line(55), line(55), line(55)], null, de);
    assert.equal(priced.tax, 31);
    assert.deepEqual(
      priced.lines.map((l) => l.tax),
      [11, 10, 10],
    );
  });

  it('prices an invoice: discount on recurring lines only, totals consistent', () => {
    const de = decideTax(seller, { country: 'DE', vatId: null }, rates);
    const priced = priceInvoice(
      [line(2900), line(1000, { kind: 'setup_fee', isDiscountable: false })],
      { kind: 'percent', percentOff: '10' },
      de,
    );
    assert.equal(priced.subtotal, 3900);
    assert.equal(priced.discount, 290);
    assert.equal(priced.tax, 686); // 3610 × 19% = 685.9
    assert.equal(priced.total, 4296);
    assert.deepEqual(
      priced.lines.map((l) => l.discount),
      [290, 0],
    );
  });

  it('line sums equal totals, whatever the lines, coupon and tax', () => {
    const lineArb = fc.record({
      amount: fc.integer({ min: -500_000, max: 500_000 }).map((n) => String(n / 1000)),
      isDiscountable: fc.boolean(),
    });
    const couponArb = fc.option(
      fc.oneof(
        fc.integer({ min: 0, max: 100 }).map((p) => ({ kind: 'percent' as const, percentOff: String(p) })),
        fc.integer({ min: 0, max: 100_000 }).map((a) => ({ kind: 'amount' as const, amountOff: a })),
      ),
      { nil: null },
    );
    const taxArb = fc.record({
      percent: fc.integer({ min: 0, max: 2700 }).map((n) => dec(n).div(100)),
      isInclusive: fc.boolean(),
      isReverseCharge: fc.constant(false),
      note: fc.constant(null),
    });
    fc.assert(
      fc.property(
        fc.array(lineArb, { minLength: 1, maxLength: 8 }),
        couponArb,
        taxArb,
        (drafts, coupon, tax) => {
          const priced = priceInvoice(
            drafts.map((d) => line(d.amount, { isDiscountable: d.isDiscountable })),
            coupon,
            tax,
          );
          const sum = (pick: (l: (typeof priced.lines)[number]) => number) =>
            priced.lines.reduce((a, l) => a + pick(l), 0);
          assert.equal(
            sum((l) => l.amount),
            priced.subtotal,
          );
          assert.equal(
            sum((l) => l.discount),
            priced.discount,
          );
          assert.equal(
            sum((l) => l.tax),
            priced.tax,
          );
          assert.ok(priced.discount >= 0);
          const expected = priced.subtotal - priced.discount + (tax.isInclusive ? 0 : priced.tax);
          assert.equal(priced.total, expected);
          for (const l of priced.lines) assert.ok(Number.isInteger(l.amount) && Number.isInteger(l.tax));
        },
      ),
      { numRuns: 500 },
    );
    assert.equal(priceInvoice([line(100)], null, none).total, 100);
  });
});
