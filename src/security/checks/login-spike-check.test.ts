import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { judgeFailedLoginSpike, readFailedLogins, type FailedLoginHistory } from './login-spike-check.js';

const now = new Date('2026-06-01T12:00:00Z');
const HOUR = 3_600_000;

/** A history of failures at given times, reaching back to `from`. */
function history(times: number[], from: Date): FailedLoginHistory {
  return {
    async failedLoginsSince(_hostId, since) {
      const start = Math.max(since.getTime(), from.getTime());
      return { count: times.filter((t) => t >= start).length, coveredFrom: new Date(start) };
    },
  };
}

describe('failed-login spike check', () => {
  it("compares the last hour with the host's own week", async () => {
    const weekAgo = new Date(now.getTime() - 8 * 24 * HOUR);
    // 2 failures an hour all week, then 30 in the last hour: a spike.
    const usual = Array.from({ length: 7 * 24 * 2 }, (_, i) => now.getTime() - 2 * HOUR - i * 30 * 60_000);
    const recent = Array.from({ length: 30 }, (_, i) => now.getTime() - i * 60_000);
    const counts = await readFailedLogins(history([...usual, ...recent], weekAgo), 'host_1', now);
    assert.equal(counts.lastHour, 30);
    assert.equal(counts.coveredMinutes, 60);
    const result = judgeFailedLoginSpike(counts);
    assert.equal(result.status, 'warn');
    assert.match(result.summary, /jumped to 30/);
  });

  it('does not call a busy host busy: its usual rate raises the bar', async () => {
    const weekAgo = new Date(now.getTime() - 8 * 24 * HOUR);
    const usual = Array.from({ length: 7 * 24 * 10 }, (_, i) => now.getTime() - i * 6 * 60_000);
    const result = judgeFailedLoginSpike(await readFailedLogins(history(usual, weekAgo), 'host_1', now));
    assert.equal(result.status, 'pass');
  });

  it('uses a fixed floor when the history is shorter than a week (the throttle window)', async () => {
    const windowStart = new Date(now.getTime() - 15 * 60_000);
    const few = judgeFailedLoginSpike(
      await readFailedLogins(history([now.getTime() - 1], windowStart), 'h', now),
    );
    assert.equal(few.status, 'pass');
    assert.match(few.details[0]!, /in the last 15 minutes/);
    assert.match(few.details[1]!, /No week of history/);
    const many = Array.from({ length: 20 }, (_, i) => now.getTime() - i * 1000);
    assert.equal(
      judgeFailedLoginSpike(await readFailedLogins(history(many, windowStart), 'h', now)).status,
      'warn',
    );
  });

  it('warns when there is no history at all', () => {
    assert.equal(judgeFailedLoginSpike(null).status, 'warn');
  });
});
