/**
 * Roster pushes (RFC 6121 §2.1.6): every resource of the user that asked for the roster hears of a
 * change, whether the user made it (roster set) or a contact did (subscription).
 */
import { formatBare, jid, xml, type Element } from '../../stanza/index.js';
import type { Session } from '../session.js';
import type { SessionRouter } from '../session-router.js';
import { rosterQuery } from './roster-codec.js';

let pushCounter = 0;

/** Whom to push to and how: the core, or a module's context. */
export interface RosterPushTarget {
  sessions: SessionRouter;
  deliver(session: Session, stanza: Element): void;
}

export function pushRosterItem(
  core: RosterPushTarget,
  domain: string,
  username: string,
  item: Element,
  version: number | undefined,
): void {
  const bare = jid(username, domain);
  for (const session of core.sessions.resourcesOf(bare)) {
    if (!session.isInterested) continue;
    const push = xml(
      'iq',
      {
        type: 'set',
        id: `push-${(++pushCounter).toString(36)}`,
        to: `${formatBare(bare)}/${session.jid.resource}`,
      },
      rosterQuery([item], version),
    );
    core.deliver(session, push);
  }
}
