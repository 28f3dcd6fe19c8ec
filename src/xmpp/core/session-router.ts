/**
 * Where bound sessions live and how to find them. Everything that delivers a stanza to a user goes
 * through this interface, so a multi-node version can keep a cluster-wide registry (over NATS)
 * behind the same methods without touching the modules.
 */
import { formatBare, formatJid, type Jid } from '../stanza/index.js';
import type { Session } from './session.js';

export interface SessionRouter {
  /** Registers a session; returns the older session with the same full JID, which the caller closes. */
  add(session: Session): Session | undefined;
  remove(session: Session): void;
  byFullJid(jid: Jid): Session | undefined;
  /** All resources of one account, in bind order. */
  resourcesOf(bare: Jid): readonly Session[];
  sessionsOfHost(domain: string): readonly Session[];
  count(): number;
}

export function createLocalSessionRouter(): SessionRouter {
  const byBare = new Map<string, Session[]>();
  const byFull = new Map<string, Session>();
  let total = 0;

  return {
    add(session) {
      const full = formatJid(session.jid);
      const previous = byFull.get(full);
      if (previous) this.remove(previous);
      byFull.set(full, session);
      const bare = formatBare(session.jid);
      const list = byBare.get(bare);
      if (list) list.push(session);
      else byBare.set(bare, [session]);
      total++;
      return previous;
    },
    remove(session) {
      const full = formatJid(session.jid);
      if (byFull.get(full) !== session) return;
      byFull.delete(full);
      total--;
      const bare = formatBare(session.jid);
      const list = byBare.get(bare)?.filter((s) => s !== session) ?? [];
      if (list.length === 0) byBare.delete(bare);
      else byBare.set(bare, list);
    },
    byFullJid: (jid) => byFull.get(formatJid(jid)),
    resourcesOf: (bare) => byBare.get(formatBare(bare)) ?? [],
    sessionsOfHost(domain) {
      const out: Session[] = [];
      for (const session of byFull.values()) if (session.host.domain === domain) out.push(session);
      return out;
    },
    count: () => total,
  };
}
