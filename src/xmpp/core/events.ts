import type { Element, Jid } from '../stanza/index.js';
import type { DiscoService } from './disco-registry.js';
import type { HostRecord } from './ports.js';
import type { SaslFailureCondition } from './sasl.js';
import type { Session } from './session.js';

/** A stanza on its way to a local recipient, after addressing has been checked. */
export interface RouteContext {
  stanza: Element;
  from: Jid;
  to: Jid;
  /** The host that serves `to`. */
  host: HostRecord;
  /** Set when `to` is one of the host's services (`upload.<domain>`) rather than the host itself. */
  service?: DiscoService;
  /** The local session that sent it, when a client did. */
  origin?: Session;
}

export interface SessionEvent {
  session: Session;
}

/**
 * An account's avatar changed, as its XEP-0084 PEP metadata (`pep/avatar-changed`) or its vCard
 * photo (`vcard/photo-changed`) says; null when it was removed. Each side keeps the other in step
 * (XEP-0398).
 */
export interface AvatarEvent {
  host: HostRecord;
  username: string;
  photo: { type: string; data: Buffer } | null;
}

export interface PresenceBroadcastEvent {
  session: Session;
  stanza: Element;
}

/**
 * Every event of the core. Stanza events are named `<kind>/<addressing>` as in Prosody:
 * `full` (to a resource), `bare` (to an account), `host` (to the server itself).
 */
export interface CoreEvents {
  'message/full': RouteContext;
  'message/bare': RouteContext;
  'message/host': RouteContext;
  'presence/full': RouteContext;
  'presence/bare': RouteContext;
  'presence/host': RouteContext;
  'iq/full': RouteContext;
  'iq/bare': RouteContext;
  'iq/host': RouteContext;
  /** To a service that hosts entities (`isEntityHost`) or to an address under it; `service` is set. */
  'message/service': RouteContext;
  'presence/service': RouteContext;
  'iq/service': RouteContext;
  /** Presence a client sent without `to`: its own availability, to broadcast. */
  'presence/broadcast': PresenceBroadcastEvent;
  /** A message for an account with no session to take it; a handler stores it or it bounces. */
  'message/offline': RouteContext;
  'session/bound': SessionEvent;
  /** The first available presence of a session (RFC 6121 §4.2): time to send what was held back. */
  'session/initial-presence': SessionEvent;
  'session/closed': SessionEvent;
  /**
   * The session's connection was lost, and a stream extension (XEP-0198) keeps the session for
   * its client to resume: it stays available, and `session/closed` follows if it is not resumed.
   */
  'session/detached': SessionEvent;
  'pep/avatar-changed': AvatarEvent;
  'vcard/photo-changed': AvatarEvent;
}

export type RouteEvent = `${'message' | 'presence' | 'iq'}/${'full' | 'bare' | 'host' | 'service'}`;

/** What observers are told (see observers.ts); they cannot stop or delay anything. */
export interface CoreNotices {
  /**
   * A message that routing accepted: a handler took it (delivered, stored or deliberately dropped)
   * rather than bouncing it. Told once per message, however many sessions get it.
   */
  'message/routed': RouteContext;
  /** The same message, with how long routing took from reading it to handing it over (ms). */
  'message/delivered': { host: HostRecord; latencyMs: number };
  /**
   * A SASL exchange ended. `username` is the name the client gave, when it got that far;
   * `failure` is unset for a login that worked.
   */
  'login/attempted': { host: HostRecord; username: string | undefined; failure?: SaslFailureCondition };
}
