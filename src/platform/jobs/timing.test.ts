import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { assertValidCron, defaultBackoff, nextCronRun, retryDelayMs } from './timing.js';

describe('retryDelayMs', () => {
  it('doubles the delay after each failed attempt, up to the maximum', () => {
    const backoff = { baseSeconds: 10, maxSeconds: 60 };
    assert.deepEqual(
      [1, 2, 3, 4, 5].map((attempt) => retryDelayMs(attempt, backoff)),
      [10_000, 20_000, 40_000, 60_000, 60_000],
    );
    assert.equal(retryDelayMs(1, defaultBackoff), 30_000);
  });
});

describe('nextCronRun', () => {
  it('computes the next slot in UTC, strictly after the given time', () => {
    const from = new Date('2026-01-15T10:00:00Z');
    assert.equal(nextCronRun('0 3 * * *', from)?.toISOString(), '2026-01-16T03:00:00.000Z');
    assert.equal(nextCronRun('*/15 * * * *', from)?.toISOString(), '2026-01-15T10:15:00.000Z');
    assert.equal(
      nextCronRun('0 0 1 * *', new Date('2026-01-31T23:59:59Z'))?.toISOString(),
      '2026-02-01T00:00:00.000Z',
    );
  });

  it('rejects a malformed pattern', () => {
    assert.throws(() => assertValidCron('every tuesday', new Date('2026-01-15T10:00:00Z')));
    assert.doesNotThrow(() => assertValidCron('0 * * * *', new Date('2026-01-15T10:00:00Z')));
  });
});
