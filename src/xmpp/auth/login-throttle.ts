/**
 * Failed-login throttling per client address and per account (Prosody mod_limits / ejabberd
 * mod_fail2ban): after too many failures in a window, further attempts get
 * `temporary-auth-failure` until the window ends. A success clears the account's count.
 */
import type { Clock } from '../../lib/clock.js';

export interface ThrottleOptions {
  maxFailuresPerIp: number;
  maxFailuresPerAccount: number;
  windowMs: number;
}

export const defaultThrottleOptions: ThrottleOptions = {
  maxFailuresPerIp: 20,
  maxFailuresPerAccount: 5,
  windowMs: 5 * 60_000,
};

/** Bounds memory when someone sprays attempts from many addresses or at many names. */
const MAX_TRACKED = 100_000;

interface Window {
  startMs: number;
  failures: number;
}

export class LoginThrottle {
  private readonly windows = new Map<string, Window>();

  constructor(
    private readonly clock: Clock,
    private readonly options: ThrottleOptions = defaultThrottleOptions,
  ) {}

  /** Milliseconds until this address or account may try again; 0 when it may now. */
  retryAfterMs(ip: string, account: string): number {
    const now = this.clock.nowMs();
    return Math.max(
      this.blockedFor(`ip:${ip}`, this.options.maxFailuresPerIp, now),
      this.blockedFor(`acct:${account}`, this.options.maxFailuresPerAccount, now),
    );
  }

  recordFailure(ip: string, account: string): void {
    const now = this.clock.nowMs();
    if (this.windows.size >= MAX_TRACKED) this.prune(now);
    this.bump(`ip:${ip}`, now);
    this.bump(`acct:${account}`, now);
  }

  recordSuccess(account: string): void {
    this.windows.delete(`acct:${account}`);
  }

  private blockedFor(key: string, max: number, now: number): number {
    const window = this.windows.get(key);
    if (!window || now - window.startMs >= this.options.windowMs || window.failures < max) return 0;
    return window.startMs + this.options.windowMs - now;
  }

  private bump(key: string, now: number): void {
    const window = this.windows.get(key);
    if (!window || now - window.startMs >= this.options.windowMs)
      this.windows.set(key, { startMs: now, failures: 1 });
    else window.failures++;
  }

  private prune(now: number): void {
    for (const [key, window] of this.windows)
      if (now - window.startMs >= this.options.windowMs) this.windows.delete(key);
    if (this.windows.size >= MAX_TRACKED) this.windows.clear();
  }
}
