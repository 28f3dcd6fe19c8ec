import type { Element, Jid, StreamError } from '../stanza/index.js';
import type { HostRecord } from './ports.js';

/**
 * A bound client session, as the router and the modules see it, whatever the transport.
 * Presence state lives here because every node that holds the session needs it at once.
 */
export interface Session {
  readonly id: string;
  readonly host: HostRecord;
  /** The full JID after resource binding. */
  readonly jid: Jid;
  readonly username: string;
  readonly remoteAddress: string;
  /** When the resource was bound (the clock's ms): the dashboard's "signed in since". */
  readonly boundAtMs: number;
  /** The last available presence the client broadcast; null before initial presence or after unavailable. */
  presence: Element | null;
  priority: number;
  /** Requested the roster, so it gets roster pushes (RFC 6121 §2.1.6). */
  isInterested: boolean;
  /** Full JIDs this session sent directed presence to, told when it goes offline (RFC 6121 §4.6). */
  readonly directedPresence: Set<string>;
  send(stanza: Element): void;
  close(error?: StreamError): void;
}

export function isAvailable(session: Session): boolean {
  return session.presence !== null;
}
