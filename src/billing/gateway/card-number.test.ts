import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { isCardNumber, normalizeCardNumber } from './card-number.js';

describe('isCardNumber', () => {
  it("accepts Stripe's test cards of every brand", () => {
    for (const number of [
      '4242 4242 4242 4242',
      '5555 5555 5555 4444',
      '2223 0031 2200 3222',
      '3782 822463 10005',
      '6011 1111 1111 1117',
      '3056 9300 0902 0004',
      '3566 0020 2036 0505',
      '6200 0000 0000 0005',
    ])
      assert.equal(isCardNumber(normalizeCardNumber(number)), true, number);
  });

  it('refuses a wrong check digit, a wrong length and numbers no issuer gives out', () => {
    for (const number of [
      '4242 4242 4242 4241',
      '4242 4242 42',
      '0000 0000 0000 0000',
      '0000 0000 0000 0004',
      '4242 4242 4242 4242 4242',
    ])
      assert.equal(isCardNumber(normalizeCardNumber(number)), false, number);
  });
});
