/**
 * The one clock every piece of imhost reads. Production uses the system clock; tests and the
 * simulated mode (`IMHOST_CLOCK=simulated`) use a clock that only moves when told to, so years of
 * renewals can run in seconds.
 */
export interface Clock {
  now(): Date;
  nowMs(): number;
  readonly isSimulated: boolean;
}

export const systemClock: Clock = {
  now: () => new Date(),
  nowMs: () => Date.now(),
  isSimulated: false,
};

export class SimulatedClock implements Clock {
  readonly isSimulated = true;
  private currentMs: number;
  private readonly listeners = new Set<(nowMs: number) => void>();

  constructor(start: Date | number = Date.now()) {
    this.currentMs = typeof start === 'number' ? start : start.getTime();
  }

  now(): Date {
    return new Date(this.currentMs);
  }

  nowMs(): number {
    return this.currentMs;
  }

  advance(ms: number): Date {
    if (!Number.isFinite(ms) || ms < 0) throw new RangeError('a clock only moves forward');
    this.currentMs += ms;
    for (const listener of this.listeners) listener(this.currentMs);
    return this.now();
  }

  set(to: Date): void {
    this.advance(to.getTime() - this.currentMs);
  }

  /** Lets schedulers wake up when simulated time jumps instead of waiting for real time. */
  onAdvance(listener: (nowMs: number) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }
}

export function toIso(date: Date): string {
  return date.toISOString();
}
