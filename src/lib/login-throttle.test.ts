import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { SimulatedClock } from './clock.js';
import { DEFAULT_LOGIN_THROTTLE_LIMITS, LoginThrottle, type LoginGate } from './login-throttle.js';

const limits = DEFAULT_LOGIN_THROTTLE_LIMITS;

function failFrom(throttle: LoginThrottle, account: string, source: string, times: number): void {
  for (let i = 0; i < times; i++) throttle.recordFailure(account, source);
}

describe('login throttle', () => {
  it('refuses an address that keeps failing for one account, until its failures leave the window', () => {
    const clock = new SimulatedClock(0);
    const throttle = new LoginThrottle(clock);
    for (let i = 0; i < limits.perAccountAndSource; i++) {
      assert.equal(throttle.gate('anna', '198.51.100.7').kind, 'proceed');
      throttle.recordFailure('anna', '198.51.100.7');
      clock.advance(60_000);
    }
    // Failures at 0..4 minutes; now is 5 minutes, so the first leaves the window in 10 minutes.
    assert.deepEqual(throttle.gate('anna', '198.51.100.7'), {
      kind: 'refuse',
      retryAfterMs: 10 * 60_000,
      reason: 'account-and-source',
    });
    clock.advance(10 * 60_000);
    assert.equal(throttle.gate('anna', '198.51.100.7').kind, 'proceed');
  });

  it('never refuses the owner at a fresh address however many addresses attack the account', () => {
    const throttle = new LoginThrottle(new SimulatedClock(0));
    for (let i = 0; i < 200; i++) failFrom(throttle, 'anna', `203.0.113.${i % 250}.${i}`, 5);
    const gate = throttle.gate('anna', '192.0.2.200');
    assert.equal(gate.kind, 'proceed');
    assert.equal((gate as Extract<LoginGate, { kind: 'proceed' }>).delayMs, limits.maxDelayMs);
  });

  it('slows an attacked account down progressively for addresses it never signed in from', () => {
    const throttle = new LoginThrottle(new SimulatedClock(0));
    const delays: number[] = [];
    for (let i = 0; i < 10; i++) {
      const gate = throttle.gate('anna', '192.0.2.1');
      assert.equal(gate.kind, 'proceed');
      delays.push((gate as Extract<LoginGate, { kind: 'proceed' }>).delayMs);
      throttle.recordFailure('anna', `198.51.100.${i}`);
    }
    assert.deepEqual(delays, [0, 0, 0, 0, 0, 250, 500, 1000, 2000, 4000]);
    assert.deepEqual(throttle.gate('bob', '192.0.2.1'), { kind: 'proceed', delayMs: 0 }, 'others unaffected');
  });

  it('keeps an address the account signed in from exempt from the slow-down', () => {
    const clock = new SimulatedClock(0);
    const throttle = new LoginThrottle(clock);
    throttle.recordSuccess('anna', '192.0.2.10');
    for (let i = 0; i < 50; i++) throttle.recordFailure('anna', `198.51.100.${i}`);
    assert.deepEqual(throttle.gate('anna', '192.0.2.10'), { kind: 'proceed', delayMs: 0 });
    clock.advance(limits.trustedSourceMs);
    failFrom(throttle, 'anna', '198.51.100.99', 1);
    assert.equal(
      (throttle.gate('anna', '192.0.2.10') as Extract<LoginGate, { kind: 'proceed' }>).delayMs,
      0,
      'the slow-down ended with the failures window',
    );
    failFrom(throttle, 'anna', '198.51.100.98', limits.accountSlowdownAfter);
    assert.ok(
      (throttle.gate('anna', '192.0.2.10') as Extract<LoginGate, { kind: 'proceed' }>).delayMs > 0,
      'trust expires',
    );
  });

  it('refuses an address that fails across many accounts, and only that address', () => {
    const throttle = new LoginThrottle(new SimulatedClock(0));
    for (let i = 0; i < limits.perSource; i++) throttle.recordFailure(`user${i}`, '198.18.0.7');
    const gate = throttle.gate('someone-else', '198.18.0.7');
    assert.equal(gate.kind, 'refuse');
    assert.equal((gate as Extract<LoginGate, { kind: 'refuse' }>).reason, 'source');
    assert.deepEqual(throttle.gate('someone-else', '198.18.0.8'), { kind: 'proceed', delayMs: 0 });
  });

  it("clears an address's failures for the account when it signs in, not the account's count", () => {
    const throttle = new LoginThrottle(new SimulatedClock(0));
    failFrom(throttle, 'anna', '192.0.2.1', limits.perAccountAndSource - 1);
    failFrom(throttle, 'anna', '198.51.100.1', 2);
    throttle.recordSuccess('anna', '192.0.2.1');
    failFrom(throttle, 'anna', '192.0.2.1', limits.perAccountAndSource - 1);
    assert.equal(throttle.gate('anna', '192.0.2.1').kind, 'proceed');
    assert.equal(throttle.recentAccountFailures('anna'), limits.perAccountAndSource * 2 - 2 + 2);
  });
  it('tells which accounts of a host are in slow-down, without changing anything', () => {
    const clock = new SimulatedClock(0);
    const throttle = new LoginThrottle(clock);
    failFrom(throttle, 'host_a:anna', '198.51.100.1', 3);
    failFrom(throttle, 'host_a:anna', '198.51.100.2', 3);
    failFrom(throttle, 'host_a:ben', '198.51.100.1', 2);
    failFrom(throttle, 'host_b:anna', '198.51.100.1', 9);
    assert.deepEqual(throttle.accountsInSlowdown('host_a:'), [{ account: 'host_a:anna', failures: 6 }]);
    assert.equal(throttle.gate('host_a:ben', '198.51.100.1').kind, 'proceed', 'reading changed nothing');
    clock.advance(limits.windowMs);
    assert.deepEqual(throttle.accountsInSlowdown('host_a:'), []);
  });
});
