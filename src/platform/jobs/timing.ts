/**
 * When a job runs next: exponential backoff after a failure, and the next slot of a cron pattern.
 * Both take the current time as an argument, because the scheduler reads it from the injected clock.
 */
import { Cron } from 'croner';

export interface BackoffOptions {
  /** Delay before the second attempt; each later attempt waits twice as long as the one before. */
  baseSeconds: number;
  maxSeconds: number;
}

export const defaultBackoff: BackoffOptions = { baseSeconds: 30, maxSeconds: 3600 };

/** `attempt` is the number of the attempt that just failed, starting at 1. */
export function retryDelayMs(attempt: number, backoff: BackoffOptions): number {
  const seconds = backoff.baseSeconds * 2 ** Math.max(0, attempt - 1);
  return Math.min(seconds, backoff.maxSeconds) * 1000;
}

/** Patterns are read in UTC, whatever the machine's time zone, so every node computes the same slots. */
function parseCron(pattern: string): Cron {
  return new Cron(pattern, { paused: true, timezone: 'UTC' });
}

/** Throws on a malformed pattern or one that never fires again, so a bad schedule fails at start-up. */
export function assertValidCron(pattern: string, now: Date): void {
  if (!parseCron(pattern).nextRun(now))
    throw new Error(`cron pattern "${pattern}" never fires after ${now.toISOString()}`);
}

/** The first slot strictly after `after`, or null when the pattern has no more slots. */
export function nextCronRun(pattern: string, after: Date): Date | null {
  return parseCron(pattern).nextRun(after);
}
