import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { SimulatedClock } from '../lib/clock.js';
import { AppError } from '../lib/errors.js';
import { LoginThrottle } from './login-throttle.js';

function retryAfter(fn: () => void): number | null {
  try {
    fn();
    return null;
  } catch (error) {
    assert.ok(error instanceof AppError);
    assert.equal(error.code, 'login_throttled');
    return (error.details as { retryAfterSeconds: number }).retryAfterSeconds;
  }
}

describe('login throttle', () => {
  const limits = { perAccount: 3, perIp: 5, windowMs: 15 * 60_000 };

  it('blocks an account after its limit and frees it when the oldest failure leaves the window', () => {
    const clock = new SimulatedClock(0);
    const throttle = new LoginThrottle(clock, limits);
    for (let i = 0; i < 3; i++) {
      assert.equal(
        retryAfter(() => throttle.assertAllowed('a@x.test', `10.0.0.${i}`)),
        null,
      );
      throttle.recordFailure('a@x.test', `10.0.0.${i}`);
      clock.advance(60_000);
    }
    // Failures at 0, 1 and 2 minutes; now is 3 minutes, so the first expires in 12 minutes.
    assert.equal(
      retryAfter(() => throttle.assertAllowed('a@x.test', '10.0.0.9')),
      12 * 60,
    );
    assert.equal(
      retryAfter(() => throttle.assertAllowed('b@x.test', '10.0.0.9')),
      null,
      'other accounts are unaffected',
    );
    clock.advance(12 * 60_000);
    assert.equal(
      retryAfter(() => throttle.assertAllowed('a@x.test', '10.0.0.9')),
      null,
    );
  });

  it('blocks an IP that tries many accounts', () => {
    const clock = new SimulatedClock(0);
    const throttle = new LoginThrottle(clock, limits);
    for (let i = 0; i < 5; i++) throttle.recordFailure(`user${i}@x.test`, '192.0.2.1');
    assert.ok((retryAfter(() => throttle.assertAllowed('new@x.test', '192.0.2.1')) ?? 0) > 0);
    assert.equal(
      retryAfter(() => throttle.assertAllowed('new@x.test', '192.0.2.2')),
      null,
    );
  });

  it('clears the account counter on success but keeps the IP counter', () => {
    const clock = new SimulatedClock(0);
    const throttle = new LoginThrottle(clock, { perAccount: 2, perIp: 3, windowMs: 60_000 });
    throttle.recordFailure('a@x.test', '192.0.2.1');
    throttle.recordFailure('a@x.test', '192.0.2.1');
    throttle.recordSuccess('a@x.test');
    assert.equal(
      retryAfter(() => throttle.assertAllowed('a@x.test', '192.0.2.2')),
      null,
    );
    throttle.recordFailure('b@x.test', '192.0.2.1');
    assert.ok(retryAfter(() => throttle.assertAllowed('c@x.test', '192.0.2.1')) !== null);
  });
});
