import type { Clock } from '../lib/clock.js';
import { AppError } from '../lib/errors.js';

export interface ThrottleLimits {
  perAccount: number;
  perIp: number;
  windowMs: number;
}

/** Past this many tracked keys, expired ones are dropped so a spray of addresses cannot grow memory forever. */
const SWEEP_THRESHOLD = 10_000;

export const DEFAULT_THROTTLE_LIMITS: ThrottleLimits = { perAccount: 5, perIp: 20, windowMs: 15 * 60_000 };

/**
 * Counts failed sign-ins per account and per client IP in a sliding window read from the injected
 * clock. It lives in memory: with one server process that is exact, and a restart only forgets
 * recent failures. Several server processes would each count on their own (a shared store would be
 * needed then); the CLI never signs in, so it does not matter for it.
 */
export class LoginThrottle {
  private readonly failures = new Map<string, number[]>();

  constructor(
    private readonly clock: Clock,
    private readonly limits: ThrottleLimits = DEFAULT_THROTTLE_LIMITS,
  ) {}

  /** Throws login_throttled (with the seconds to wait) when either counter is at its limit. */
  assertAllowed(email: string, ip: string): void {
    const wait = Math.max(
      this.waitMs(`acct:${email}`, this.limits.perAccount),
      this.waitMs(`ip:${ip}`, this.limits.perIp),
    );
    if (wait > 0) {
      throw new AppError('login_throttled', { details: { retryAfterSeconds: Math.ceil(wait / 1000) } });
    }
  }

  recordFailure(email: string, ip: string): void {
    const now = this.clock.nowMs();
    if (this.failures.size > SWEEP_THRESHOLD) this.sweep();
    for (const key of [`acct:${email}`, `ip:${ip}`]) this.failures.set(key, [...this.recent(key), now]);
  }

  /** A successful sign-in clears the account's counter; the IP's stays, as one IP may try many accounts. */
  recordSuccess(email: string): void {
    this.failures.delete(`acct:${email}`);
  }

  private recent(key: string): number[] {
    const cutoff = this.clock.nowMs() - this.limits.windowMs;
    const kept = (this.failures.get(key) ?? []).filter((at) => at > cutoff);
    if (kept.length === 0) this.failures.delete(key);
    else this.failures.set(key, kept);
    return kept;
  }

  private sweep(): void {
    for (const key of [...this.failures.keys()]) this.recent(key);
  }

  private waitMs(key: string, limit: number): number {
    const recent = this.recent(key);
    if (recent.length < limit) return 0;
    // The window frees a slot when the oldest failure that still counts towards the limit expires.
    const oldestCounting = recent[recent.length - limit]!;
    return oldestCounting + this.limits.windowMs - this.clock.nowMs();
  }
}
