import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { SimulatedClock } from './clock.js';
import { monotonicIdSource } from './ids.js';

describe('monotonicIdSource', () => {
  it('keeps ids in creation order while the clock stands still', () => {
    const nextId = monotonicIdSource(new SimulatedClock(new Date('2026-01-15T10:00:00Z')));
    const ids = Array.from({ length: 500 }, () => nextId('aud'));
    assert.deepEqual([...ids].sort(), ids);
    assert.equal(new Set(ids).size, ids.length);
    assert.ok(ids.every((id) => /^aud_[0-9a-hjkmnp-tv-z]{26}$/.test(id)));
  });

  it('carries the clock time, and stays ordered if the clock moves back', () => {
    const clock = new SimulatedClock(new Date('2026-01-15T10:00:00Z'));
    const nextId = monotonicIdSource(clock);
    const early = nextId('msg');
    clock.advance(60_000);
    const later = nextId('msg');
    assert.notEqual(early.slice(0, 14), later.slice(0, 14), 'the time part moved with the clock');
    const other = monotonicIdSource(new SimulatedClock(new Date('2025-01-01T00:00:00Z')));
    assert.ok(other('msg') < early, 'an earlier clock gives an earlier id');
  });
});
