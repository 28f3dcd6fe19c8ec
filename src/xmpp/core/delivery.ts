import type { Jid } from '../stanza/index.js';
import { isAvailable, type Session } from './session.js';
import type { SessionRouter } from './session-router.js';

/** Resources that receive stanzas sent to the bare JID: available with non-negative priority (RFC 6121 §8.5.2). */
export function availableResources(sessions: SessionRouter, bare: Jid): Session[] {
  return sessions.resourcesOf(bare).filter((s) => isAvailable(s) && s.priority >= 0);
}

/** Of those, the ones with the highest priority (RFC 6121 §8.5.2.1.1). */
export function highestPriority(resources: Session[]): Session[] {
  const top = Math.max(...resources.map((s) => s.priority));
  return resources.filter((s) => s.priority === top);
}

/**
 * Who gets a chat or normal message addressed to `to` (RFC 6121 §8.5): the addressed resource when it
 * is connected, else the highest-priority available resources. None means it goes to offline storage.
 */
export function messageRecipients(sessions: SessionRouter, to: Jid): Session[] {
  if (to.resource !== '') {
    const session = sessions.byFullJid(to);
    if (session) return [session];
  }
  const resources = availableResources(sessions, to);
  return resources.length > 0 ? highestPriority(resources) : [];
}
