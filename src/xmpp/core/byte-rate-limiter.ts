/**
 * A token bucket per connection (Prosody mod_limits): reading pauses once a client has used its
 * burst, and resumes when the bucket has refilled, so one flooding client cannot starve others.
 */
export class ByteRateLimiter {
  private tokens: number;
  private lastMs: number;

  constructor(
    private readonly bytesPerSecond: number,
    private readonly burstBytes: number,
    nowMs: number,
  ) {
    this.tokens = burstBytes;
    this.lastMs = nowMs;
  }

  /**
   * Takes `bytes`; returns how many milliseconds to pause reading (0 when within the limit). Time
   * that runs backwards (a wall clock set back) refills nothing.
   */
  take(bytes: number, nowMs: number): number {
    this.tokens = Math.min(
      this.burstBytes,
      this.tokens + (Math.max(0, nowMs - this.lastMs) * this.bytesPerSecond) / 1000,
    );
    this.lastMs = nowMs;
    this.tokens -= bytes;
    return this.tokens >= 0 ? 0 : Math.ceil((-this.tokens * 1000) / this.bytesPerSecond);
  }
}
