import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { SimulatedClock } from '../lib/clock.js';
import { AppError } from '../lib/errors.js';
import { createRunLimiter } from './run-limiter.js';

const limited = (error: unknown) => error instanceof AppError && error.code === 'diagnostics_rate_limited';

describe('the run limiter of "Check my IM host"', () => {
  it('runs one check of a host at a time, and others meanwhile', async () => {
    const limiter = createRunLimiter(new SimulatedClock(new Date('2026-01-15T10:00:00Z')), 10);
    let release!: () => void;
    const first = limiter.run('host_a', () => new Promise<void>((resolve) => (release = resolve)));
    await assert.rejects(
      limiter.run('host_a', async () => {}),
      limited,
    );
    await limiter.run('host_b', async () => {});
    release();
    await first;
    await limiter.run('host_a', async () => {});
  });

  it('allows so many runs an hour, and says when the next one may run', async () => {
    const clock = new SimulatedClock(new Date('2026-01-15T10:00:00Z'));
    const limiter = createRunLimiter(clock, 2);
    await limiter.run('host_a', async () => {});
    clock.advance(10 * 60_000);
    await limiter.run('host_a', async () => {});
    await assert.rejects(
      limiter.run('host_a', async () => {}),
      (error: unknown) => {
        assert.ok(limited(error));
        assert.deepEqual((error as AppError).details, { retryAfterSeconds: 50 * 60 });
        return true;
      },
    );
    clock.advance(50 * 60_000 + 1);
    await limiter.run('host_a', async () => {});
  });
});
