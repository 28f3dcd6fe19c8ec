/**
 * IQs the server itself sends to a client (pings), matched to their replies by id and sender.
 */
import { attr, formatJid, xml, type Element } from '../stanza/index.js';
import type { Session } from './session.js';

export class IqTimeoutError extends Error {
  override name = 'IqTimeoutError';
}

interface Pending {
  resolve(reply: Element): void;
  reject(error: Error): void;
  timer: NodeJS.Timeout;
}

export class IqRequests {
  private readonly pending = new Map<string, Pending>();
  private counter = 0;

  /** Sends `payload` in an IQ to the session; resolves with the result or error reply. */
  request(session: Session, type: 'get' | 'set', payload: Element, timeoutMs: number): Promise<Element> {
    const id = `srv-${(++this.counter).toString(36)}`;
    const key = `${formatJid(session.jid)}|${id}`;
    return new Promise<Element>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.pending.delete(key);
        reject(new IqTimeoutError(`no reply to ${id} within ${timeoutMs} ms`));
      }, timeoutMs);
      timer.unref();
      this.pending.set(key, { resolve, reject, timer });
      session.send(xml('iq', { type, id, to: formatJid(session.jid), from: session.host.domain }, payload));
    });
  }

  /** Takes a result/error IQ addressed to the server; false when it answers nothing we asked. */
  settle(from: string, reply: Element): boolean {
    const key = `${from}|${attr(reply, 'id') ?? ''}`;
    const entry = this.pending.get(key);
    if (!entry) return false;
    this.pending.delete(key);
    clearTimeout(entry.timer);
    entry.resolve(reply);
    return true;
  }

  cancelAll(): void {
    for (const entry of this.pending.values()) {
      clearTimeout(entry.timer);
      entry.reject(new IqTimeoutError('server stopping'));
    }
    this.pending.clear();
  }
}
