import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { SimulatedClock } from './clock.js';

describe('SimulatedClock', () => {
  it('moves only when told to, and tells listeners', () => {
    const clock = new SimulatedClock(new Date('2026-01-31T00:00:00Z'));
    const seen: number[] = [];
    clock.onAdvance((ms) => seen.push(ms));
    assert.equal(clock.now().toISOString(), '2026-01-31T00:00:00.000Z');
    clock.advance(86_400_000);
    assert.equal(clock.now().toISOString(), '2026-02-01T00:00:00.000Z');
    assert.deepEqual(seen, [Date.parse('2026-02-01T00:00:00Z')]);
  });

  it('never goes backwards', () => {
    const clock = new SimulatedClock(0);
    assert.throws(() => clock.advance(-1), RangeError);
    assert.throws(() => clock.set(new Date(-5)), RangeError);
  });
});
