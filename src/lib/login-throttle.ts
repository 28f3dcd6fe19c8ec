/**
 * Failed-login throttling shared by dashboard sign-in and XMPP SASL, shaped so that a stranger
 * cannot lock the owner out (OWASP: progressive delays, not hard lockout):
 * - one address that keeps failing for one account is refused for a while (per account and address);
 * - one address that fails across many accounts is refused for a while (per address);
 * - an account that fails from many addresses only slows down: its answers to addresses it has not
 *   signed in from before are delayed, more with each failure, but never refused. The owner at a
 *   new address waits a few seconds at worst; at an address they signed in from before, not at all.
 *
 * Failures live in memory, counted in a sliding window read from the injected clock. One process
 * counts exactly; a restart forgets recent failures, which only helps the owner.
 */
import type { Clock } from './clock.js';

export interface LoginThrottleLimits {
  windowMs: number;
  /** Failures of one account from one address before that address is refused. */
  perAccountAndSource: number;
  /** Failures from one address, whatever the account, before that address is refused. */
  perSource: number;
  /** Failures of one account, from all addresses, before its answers to unknown addresses slow down. */
  accountSlowdownAfter: number;
  /** The first slow-down step; each further failure doubles it, up to maxDelayMs. */
  baseDelayMs: number;
  maxDelayMs: number;
  /** How long an address an account signed in from stays exempt from that account's slow-down. */
  trustedSourceMs: number;
}

export const DEFAULT_LOGIN_THROTTLE_LIMITS: LoginThrottleLimits = {
  windowMs: 15 * 60_000,
  perAccountAndSource: 5,
  perSource: 20,
  accountSlowdownAfter: 5,
  baseDelayMs: 250,
  maxDelayMs: 8_000,
  trustedSourceMs: 90 * 24 * 60 * 60_000,
};

export type LoginGate =
  | { kind: 'refuse'; retryAfterMs: number; reason: 'source' | 'account-and-source' }
  | { kind: 'proceed'; delayMs: number };

/** Bounds memory when someone sprays attempts from many addresses or at many names. */
const SWEEP_THRESHOLD = 100_000;
/** Addresses remembered per account as trusted; the oldest is forgotten first. */
const TRUSTED_PER_ACCOUNT = 16;

export class LoginThrottle {
  /** Failure times per key, oldest first; never longer than the largest limit that reads it. */
  private readonly failures = new Map<string, number[]>();
  /** Per account: address → when it last signed in successfully. */
  private readonly trusted = new Map<string, Map<string, number>>();

  constructor(
    private readonly clock: Clock,
    readonly limits: LoginThrottleLimits = DEFAULT_LOGIN_THROTTLE_LIMITS,
  ) {}

  /** What to do with an attempt before its password is looked at. */
  gate(account: string, source: string): LoginGate {
    const now = this.clock.nowMs();
    const pairWait = this.waitMs(pairKey(account, source), this.limits.perAccountAndSource, now);
    const sourceWait = this.waitMs(sourceKey(source), this.limits.perSource, now);
    if (pairWait > 0 || sourceWait > 0)
      return {
        kind: 'refuse',
        retryAfterMs: Math.max(pairWait, sourceWait),
        reason: pairWait >= sourceWait ? 'account-and-source' : 'source',
      };
    return { kind: 'proceed', delayMs: this.slowdownMs(account, source, now) };
  }

  recordFailure(account: string, source: string): void {
    const now = this.clock.nowMs();
    if (this.failures.size > SWEEP_THRESHOLD) this.sweep(now);
    this.push(pairKey(account, source), this.limits.perAccountAndSource, now);
    this.push(sourceKey(source), this.limits.perSource, now);
    // Enough to reach the longest delay; more would only cost memory.
    const slowdownSteps = Math.ceil(Math.log2(this.limits.maxDelayMs / this.limits.baseDelayMs)) + 1;
    this.push(accountKey(account), this.limits.accountSlowdownAfter + slowdownSteps, now);
  }

  /**
   * A success clears this address's failures for the account and trusts the address. The account's
   * own count stays: an attack from elsewhere goes on while the owner signs in.
   */
  recordSuccess(account: string, source: string): void {
    this.failures.delete(pairKey(account, source));
    const sources = this.trusted.get(account) ?? new Map<string, number>();
    sources.delete(source);
    sources.set(source, this.clock.nowMs());
    if (sources.size > TRUSTED_PER_ACCOUNT) sources.delete(sources.keys().next().value!);
    this.trusted.set(account, sources);
  }

  /** Failures of the account in the window, from every address: what an audit reads as an attack. */
  recentAccountFailures(account: string): number {
    return this.recent(accountKey(account), this.clock.nowMs()).length;
  }

  /**
   * Accounts whose names start with `prefix` that are in slow-down now, with their failures in the
   * window: what the security audit reports as accounts being attacked. Read-only.
   */
  accountsInSlowdown(prefix: string): { account: string; failures: number }[] {
    const now = this.clock.nowMs();
    const found: { account: string; failures: number }[] = [];
    for (const key of [...this.failures.keys()]) {
      if (!key.startsWith(accountKey(prefix))) continue;
      const failures = this.recent(key, now).length;
      if (failures >= this.limits.accountSlowdownAfter)
        found.push({ account: key.slice(accountKey('').length), failures });
    }
    return found.sort((a, b) => b.failures - a.failures || a.account.localeCompare(b.account));
  }

  private slowdownMs(account: string, source: string, now: number): number {
    const failures = this.recent(accountKey(account), now).length;
    if (failures < this.limits.accountSlowdownAfter) return 0;
    const trustedAt = this.trusted.get(account)?.get(source);
    if (trustedAt !== undefined && now - trustedAt < this.limits.trustedSourceMs) return 0;
    const step = failures - this.limits.accountSlowdownAfter;
    return Math.min(this.limits.maxDelayMs, this.limits.baseDelayMs * 2 ** step);
  }

  private recent(key: string, now: number): number[] {
    const cutoff = now - this.limits.windowMs;
    const all = this.failures.get(key);
    if (!all) return [];
    const firstKept = all.findIndex((at) => at > cutoff);
    if (firstKept === -1) {
      this.failures.delete(key);
      return [];
    }
    if (firstKept > 0) all.splice(0, firstKept);
    return all;
  }

  private push(key: string, keep: number, now: number): void {
    const times = this.recent(key, now);
    times.push(now);
    if (times.length > keep) times.splice(0, times.length - keep);
    this.failures.set(key, times);
  }

  /** Time until the oldest failure that still counts towards the limit leaves the window. */
  private waitMs(key: string, limit: number, now: number): number {
    const times = this.recent(key, now);
    if (times.length < limit) return 0;
    return times[times.length - limit]! + this.limits.windowMs - now;
  }

  private sweep(now: number): void {
    for (const key of [...this.failures.keys()]) this.recent(key, now);
    for (const [account, sources] of this.trusted) {
      for (const [source, at] of sources) if (now - at >= this.limits.trustedSourceMs) sources.delete(source);
      if (sources.size === 0) this.trusted.delete(account);
    }
  }
}

const pairKey = (account: string, source: string) => `pair:${account}\0${source}`;
const sourceKey = (source: string) => `src:${source}`;
const accountKey = (account: string) => `acct:${account}`;

/**
 * Waits out a slow-down. Real time even on a simulated clock: the delay defends a live socket,
 * it is not business time that a test or a demo would fast-forward.
 */
export function waitOut(delayMs: number): Promise<void> {
  if (delayMs <= 0) return Promise.resolve();
  return new Promise((resolve) => setTimeout(resolve, delayMs));
}
