/**
 * IQs the server itself sends to a client (pings), matched to their replies by id and sender.
 */
import type { Clock } from '../../lib/clock.js';
import { attr, formatJid, xml, type Element } from '../stanza/index.js';
import { startClockTimer } from './clock-timer.js';
import type { Session } from './session.js';

export class IqTimeoutError extends Error {
  override name = 'IqTimeoutError';
}

interface Pending {
  session: Session;
  resolve(reply: Element): void;
  reject(error: Error): void;
  cancelTimer(): void;
}

export class IqRequests {
  private readonly pending = new Map<string, Pending>();
  private counter = 0;

  /** Timeouts follow `clock`, so in simulated time a client is late only when the clock says so. */
  constructor(private readonly clock: Clock) {}

  /**
   * Sends `payload` in an IQ to the session; resolves with the result or error reply, and rejects
   * with IqTimeoutError once the clock passes `timeoutMs` without one.
   */
  request(session: Session, type: 'get' | 'set', payload: Element, timeoutMs: number): Promise<Element> {
    const id = `srv-${(++this.counter).toString(36)}`;
    const key = `${formatJid(session.jid)}|${id}`;
    return new Promise<Element>((resolve, reject) => {
      const cancelTimer = startClockTimer(this.clock, timeoutMs, () => {
        this.pending.delete(key);
        reject(new IqTimeoutError(`no reply to ${id} within ${timeoutMs} ms`));
      });
      this.pending.set(key, { session, resolve, reject, cancelTimer });
      session.send(xml('iq', { type, id, to: formatJid(session.jid), from: session.host.domain }, payload));
    });
  }

  /** Takes a result/error IQ addressed to the server; false when it answers nothing we asked. */
  settle(from: string, reply: Element): boolean {
    const key = `${from}|${attr(reply, 'id') ?? ''}`;
    const entry = this.pending.get(key);
    if (!entry) return false;
    this.pending.delete(key);
    entry.cancelTimer();
    entry.resolve(reply);
    return true;
  }

  /**
   * Gives up on what was asked of a session that has closed: no reply can come, and its timers
   * would otherwise hold it until they fire. A new session on the same full JID keeps its own.
   */
  cancelFor(session: Session): void {
    for (const [key, entry] of this.pending) {
      if (entry.session !== session) continue;
      this.pending.delete(key);
      entry.cancelTimer();
      entry.reject(new IqTimeoutError('session closed'));
    }
  }

  cancelAll(): void {
    for (const entry of this.pending.values()) {
      entry.cancelTimer();
      entry.reject(new IqTimeoutError('server stopping'));
    }
    this.pending.clear();
  }
}
