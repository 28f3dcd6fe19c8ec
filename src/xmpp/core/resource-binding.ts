/**
 * Resource binding (RFC 6120 §7), the last step of negotiation: an authenticated stream asks for a
 * resource (or gets a random one), within the account's cap on sessions, and becomes a session
 * that the router can deliver to. Binding a resource that is already bound replaces its session.
 */
import { randomBytes } from 'node:crypto';
import {
  attr,
  formatJid,
  jid,
  normalizeResource,
  NS,
  StanzaError,
  StreamError,
  xml,
  type Element,
  type Jid,
} from '../stanza/index.js';
import { errorOf, resultOf } from './iq-handlers.js';
import type { HostRecord } from './ports.js';
import type { Session } from './session.js';
import type { SessionRouter } from './session-router.js';

/** The stream behind a session: what the session's send and close go to. */
export interface SessionStream {
  sendElement(element: Element): void;
  close(error?: StreamError): void;
  /** Another stream took the session over (XEP-0198 resumption): let it go without ending it. */
  handOver(): void;
}

export class BoundSession implements Session {
  presence: Element | null = null;
  priority = 0;
  isInterested = false;
  readonly directedPresence = new Set<string>();
  readonly username: string;

  constructor(
    readonly id: string,
    readonly host: HostRecord,
    readonly jid: Jid,
    readonly remoteAddress: string,
    readonly boundAtMs: number,
    private stream: SessionStream,
  ) {
    this.username = jid.local;
  }

  /** Moves the session onto another stream; the one it was on lets it go. */
  moveTo(stream: SessionStream): void {
    const previous = this.stream;
    this.stream = stream;
    previous.handOver();
  }

  send(stanza: Element): void {
    this.stream.sendElement(stanza);
  }

  close(error?: StreamError): void {
    this.stream.close(error);
  }
}

export interface BindingRequest {
  host: HostRecord;
  username: string;
  streamId: string;
  remoteAddress: string;
  boundAtMs: number;
  stream: SessionStream;
  sessions: SessionRouter;
  maxSessionsPerUser: number;
}

export type BindingOutcome =
  /** Not bound (yet): the reply to send, a result or a stanza error; the stream stays as it is. */
  | { kind: 'answered'; reply: Element }
  /** Bound and registered: the reply carries the full JID; `replaced` is to be closed. */
  | { kind: 'bound'; reply: Element; session: BoundSession; replaced: Session | undefined };

/** Answers an IQ on an authenticated stream that has no resource yet. */
export function bindResource(iq: Element, request: BindingRequest): BindingOutcome {
  const type = attr(iq, 'type');
  const bind = iq.getChild('bind', NS.bind);
  // RFC 3921 session establishment, which older clients still ask for: nothing to do.
  if (type === 'set' && iq.getChild('session', NS.session))
    return { kind: 'answered', reply: resultOf(iq, undefined) };
  if (type !== 'set' || !bind) throw new StreamError('not-authorized', { text: 'bind a resource first' });
  const requested = bind.getChildText('resource');
  let resource: string;
  try {
    resource = requested ? normalizeResource(requested) : randomBytes(6).toString('hex');
  } catch {
    return {
      kind: 'answered',
      reply: errorOf(iq, new StanzaError('bad-request', { text: 'invalid resource' })),
    };
  }
  const full = jid(request.username, request.host.domain, resource);
  const others = request.sessions.resourcesOf(full).filter((s) => s.jid.resource !== resource);
  if (others.length >= request.maxSessionsPerUser)
    return {
      kind: 'answered',
      reply: errorOf(
        iq,
        new StanzaError('resource-constraint', { text: 'too many sessions for this account' }),
      ),
    };
  const session = new BoundSession(
    request.streamId,
    request.host,
    full,
    request.remoteAddress,
    request.boundAtMs,
    request.stream,
  );
  const replaced = request.sessions.add(session);
  const reply = resultOf(iq, xml('bind', { xmlns: NS.bind }, xml('jid', {}, formatJid(full))));
  return { kind: 'bound', reply, session, replaced };
}
