import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ByteRateLimiter } from './byte-rate-limiter.js';

describe('ByteRateLimiter', () => {
  it('lets a burst through, then asks for a pause that refills the deficit', () => {
    const limiter = new ByteRateLimiter(1000, 2000, 0);
    assert.equal(limiter.take(2000, 0), 0);
    assert.equal(limiter.take(500, 0), 500);
    // After the pause the bucket is back to zero, so the same amount again waits as long.
    assert.equal(limiter.take(0, 500), 0);
    assert.equal(limiter.take(1000, 1500), 0);
  });

  it('refills nothing when the clock goes backwards', () => {
    const limiter = new ByteRateLimiter(1000, 2000, 10_000);
    assert.equal(limiter.take(2000, 10_000), 0);
    assert.equal(limiter.take(1000, 5_000), 1000);
  });
});
