/**
 * One member's connected sessions, as the dashboard's troubleshooting panel shows and ends them.
 * "Sign out everywhere" closes each stream with a stream error that says why (RFC 6120 §4.9.3.14
 * policy-violation, as ejabberd's kick does), so a client shows the reason instead of a dropped
 * connection; its stored password still works unless the customer changes it too.
 */
import type { XmppCore } from '../core/index.js';
import { jid, StreamError } from '../stanza/index.js';

export interface MemberSessionInfo {
  resource: string;
  /** The chat app, when its resource says (Conversations.AbCd, gajim.XYZ12345); else null. */
  client: string | null;
  address: string;
  since: string;
}

export interface MemberSessions {
  list(domain: string, username: string): MemberSessionInfo[];
  /** Closes every session of the member; answers how many there were. */
  signOut(domain: string, username: string): number;
}

/** Many apps name their resource `<App>.<random>`; the app's name is all we can tell from it. */
export function clientFromResource(resource: string): string | null {
  const match = /^([A-Za-z][A-Za-z0-9 _-]{1,31})\.[A-Za-z0-9]{4,}$/.exec(resource);
  return match ? match[1]! : null;
}

export function memberSessions(core: XmppCore): MemberSessions {
  const sessionsOf = (domain: string, username: string) => core.sessions.resourcesOf(jid(username, domain));
  return {
    list: (domain, username) =>
      sessionsOf(domain, username).map((session) => ({
        resource: session.jid.resource,
        client: clientFromResource(session.jid.resource),
        address: session.remoteAddress,
        since: new Date(session.boundAtMs).toISOString(),
      })),
    signOut(domain, username) {
      const sessions = [...sessionsOf(domain, username)];
      for (const session of sessions)
        session.close(
          new StreamError('policy-violation', { text: 'You were signed out from the dashboard.' }),
        );
      return sessions.length;
    },
  };
}
