import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { SimulatedClock } from '../../lib/clock.js';
import { startClockTimer } from './clock-timer.js';

describe('startClockTimer on a simulated clock', () => {
  it('fires once, when the clock reaches the deadline', () => {
    const clock = new SimulatedClock(0);
    let fired = 0;
    startClockTimer(clock, 1000, () => fired++);
    clock.advance(999);
    assert.equal(fired, 0);
    clock.advance(1);
    assert.equal(fired, 1);
    clock.advance(5000);
    assert.equal(fired, 1);
  });

  it('never fires once cancelled', () => {
    const clock = new SimulatedClock(0);
    let fired = 0;
    const cancel = startClockTimer(clock, 10, () => fired++);
    cancel();
    clock.advance(60_000);
    assert.equal(fired, 0);
  });
});

describe('startClockTimer started while the clock advances', () => {
  it('counts from the new time, so a chained timer waits for a later advance', () => {
    const clock = new SimulatedClock(0);
    const fired: number[] = [];
    // The shape of a ping: the interval fires, then starts the reply timeout.
    startClockTimer(clock, 1000, () => {
      fired.push(clock.nowMs());
      startClockTimer(clock, 500, () => fired.push(clock.nowMs()));
    });
    clock.advance(10_000);
    assert.deepEqual(fired, [10_000]);
    clock.advance(499);
    assert.deepEqual(fired, [10_000]);
    clock.advance(1);
    assert.deepEqual(fired, [10_000, 10_500]);
  });
});
