/**
 * What goes into an archive and how long it stays: the user's preferences (XEP-0313 §6) and the
 * retention of the host's plan. Pure, so the rules are tested without a server.
 */
import { formatBare, formatJid, type Jid } from '../../stanza/index.js';
import type { ArchivePrefs } from '../../core/index.js';

const DAY_MS = 86_400_000;

/** Without stored preferences, everything is archived. */
export const DEFAULT_PREFS: ArchivePrefs = { default: 'always', always: [], never: [] };

/**
 * Whether a message with `peer` is archived: `never` wins over `always`, either list matches the
 * peer's bare or full JID, and otherwise the default decides; `roster` asks the caller to check.
 */
export function archiveDecision(prefs: ArchivePrefs, peer: Jid): 'archive' | 'skip' | 'if-in-roster' {
  const forms = [formatBare(peer), formatJid(peer)];
  if (forms.some((jid) => prefs.never.includes(jid))) return 'skip';
  if (forms.some((jid) => prefs.always.includes(jid))) return 'archive';
  if (prefs.default === 'roster') return 'if-in-roster';
  return prefs.default === 'always' ? 'archive' : 'skip';
}

/**
 * The newest creation time that has expired under a retention of `days` (null: no limit, so none
 * has). Rows created at or before it are gone for queries and for the purge job alike; 0 days keeps
 * nothing.
 */
export function retentionCutoff(now: Date, days: number | null): string | undefined {
  return days === null ? undefined : new Date(now.getTime() - days * DAY_MS).toISOString();
}
