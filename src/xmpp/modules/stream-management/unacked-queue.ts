/**
 * The stanzas sent on a managed stream that the client has not acknowledged yet (XEP-0198 §4),
 * with the counters of both directions, which wrap at 2^32 (§5).
 */
import type { Element } from '../../stanza/index.js';

const MODULO = 2 ** 32;

/** `n` as an unsigned 32-bit counter. */
export const wrapCounter = (n: number): number => ((n % MODULO) + MODULO) % MODULO;

export class UnackedQueue {
  private stanzas: Element[] = [];
  /** The client's last `h`: how many stanzas it has handled. */
  private acked: number;

  constructor(acked = 0) {
    this.acked = wrapCounter(acked);
  }

  get size(): number {
    return this.stanzas.length;
  }

  /** How many stanzas were sent, as the client counts them. */
  get sent(): number {
    return wrapCounter(this.acked + this.stanzas.length);
  }

  push(stanza: Element): void {
    this.stanzas.push(stanza);
  }

  /**
   * Forgets what `h` acknowledges. False when `h` counts more than was sent (or goes back): the
   * queue is left as it was.
   */
  acknowledge(h: number): boolean {
    const count = wrapCounter(h - this.acked);
    if (count > this.stanzas.length) return false;
    this.stanzas.splice(0, count);
    this.acked = h;
    return true;
  }

  /** Takes every unacknowledged stanza out, oldest first; sending them again counts them again. */
  takeAll(): Element[] {
    const taken = this.stanzas;
    this.stanzas = [];
    return taken;
  }
}
