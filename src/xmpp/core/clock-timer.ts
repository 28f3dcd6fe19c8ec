import { SimulatedClock, type Clock } from '../../lib/clock.js';

/**
 * A one-shot timer on the injected clock; returns its cancel function. On the system clock it is a
 * real (unref'd) timer. On a simulated clock it fires when the clock is advanced past its deadline,
 * so negotiation timeouts and throttling pauses follow simulated time, and tests need not wait.
 */
export function startClockTimer(clock: Clock, ms: number, fire: () => void): () => void {
  if (!(clock instanceof SimulatedClock)) {
    const timer = setTimeout(fire, ms);
    timer.unref();
    return () => clearTimeout(timer);
  }
  const deadline = clock.nowMs() + ms;
  const stop = clock.onAdvance((nowMs) => {
    if (nowMs < deadline) return;
    stop();
    fire();
  });
  return stop;
}
