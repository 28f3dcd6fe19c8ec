import type { Clock } from '../lib/clock.js';
import { AppError } from '../lib/errors.js';

const HOUR_MS = 3_600_000;

/**
 * The check opens real connections and tries a real login, so a host runs it one at a time and a
 * bounded number of times an hour (on this node; the counts are per process, like the login throttle).
 */
export function createRunLimiter(clock: Clock, runsPerHour: number) {
  const runs = new Map<string, number[]>();
  const running = new Set<string>();

  return {
    async run<T>(hostId: string, work: () => Promise<T>): Promise<T> {
      const now = clock.now().getTime();
      const recent = (runs.get(hostId) ?? []).filter((at) => at > now - HOUR_MS);
      if (running.has(hostId))
        throw new AppError('diagnostics_rate_limited', { details: { retryAfterSeconds: 1 } });
      if (recent.length >= runsPerHour)
        throw new AppError('diagnostics_rate_limited', {
          details: { retryAfterSeconds: Math.ceil((recent[0]! + HOUR_MS - now) / 1000) },
        });
      runs.set(hostId, [...recent, now]);
      running.add(hostId);
      try {
        return await work();
      } finally {
        running.delete(hostId);
      }
    },
  };
}
