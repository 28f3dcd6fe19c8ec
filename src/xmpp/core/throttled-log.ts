/**
 * Log lines that outsiders can cause (a malformed frame, a stream that breaks the protocol) must not
 * let them decide how much we log. Each kind of line (its message) has a token bucket; lines past it
 * are only counted, and one line with the same message and `suppressed: <count>` reports them once
 * the bucket has refilled.
 */
import type { Clock } from '../../lib/clock.js';
import { startClockTimer } from './clock-timer.js';
import type { XmppLogger } from './ports.js';

export interface ThrottleLimits {
  /** Lines of one kind logged in a row before suppression starts. */
  burst: number;
  /** The time in which the bucket refills completely; suppressed lines are reported after it. */
  refillMs: number;
}

export const defaultThrottleLimits: ThrottleLimits = { burst: 10, refillMs: 60_000 };

type Level = 'info' | 'warn' | 'error';

interface Bucket {
  tokens: number;
  lastMs: number;
  suppressed: number;
}

export class ThrottledLog {
  private readonly buckets = new Map<string, Bucket>();

  constructor(
    private readonly logger: XmppLogger,
    private readonly clock: Clock,
    private readonly limits: ThrottleLimits = defaultThrottleLimits,
  ) {}

  info(fields: object, msg: string): void {
    this.write('info', fields, msg);
  }

  warn(fields: object, msg: string): void {
    this.write('warn', fields, msg);
  }

  error(fields: object, msg: string): void {
    this.write('error', fields, msg);
  }

  private write(level: Level, fields: object, msg: string): void {
    const bucket = this.refilled(msg);
    if (bucket.tokens >= 1) {
      bucket.tokens--;
      this.logger[level](fields, msg);
      return;
    }
    if (bucket.suppressed++ > 0) return;
    startClockTimer(this.clock, this.limits.refillMs, () => {
      this.logger[level]({ suppressed: bucket.suppressed }, msg);
      bucket.suppressed = 0;
    });
  }

  private refilled(msg: string): Bucket {
    const { burst, refillMs } = this.limits;
    const now = this.clock.nowMs();
    let bucket = this.buckets.get(msg);
    if (!bucket) {
      bucket = { tokens: burst, lastMs: now, suppressed: 0 };
      this.buckets.set(msg, bucket);
    }
    // A clock set back refills nothing.
    bucket.tokens = Math.min(burst, bucket.tokens + (Math.max(0, now - bucket.lastMs) * burst) / refillMs);
    bucket.lastMs = now;
    return bucket;
  }
}
