/**
 * One room's state in memory: its configuration, affiliations, occupants and recent history. The
 * rules that need no I/O live here (who may enter, which role an affiliation gives, what the
 * history request selects), so they read as XEP-0045 states them.
 */
import { createHmac } from 'node:crypto';
import { StanzaError, type Element, type Jid } from '../../stanza/index.js';
import type { HostRecord, Session } from '../../core/index.js';
import { rankOf, type Affiliation, type JoinRequest, type Role, type RoomConfig } from './muc-codec.js';

export interface Occupant {
  nick: string;
  /** The occupant's real full JID, and as text. */
  jid: Jid;
  jidText: string;
  bare: string;
  /** The session stanzas for the occupant go to (every occupant is a client of this server). */
  session: Session | undefined;
  role: Role;
  /** `<show/>`, `<status/>`, caps and so on, as the occupant last sent them. */
  payload: Element[];
  occupantId: string;
}

export interface AffiliationEntry {
  affiliation: Exclude<Affiliation, 'none'>;
  nick: string | null;
  reason: string | null;
}

export interface HistoryEntry {
  /** The message as the room broadcast it, without `to`. */
  stanza: Element;
  stamp: string;
  chars: number;
}

export class Room {
  readonly occupants = new Map<string, Occupant>();
  /** Occupants by real full JID. */
  readonly byJid = new Map<string, Occupant>();
  history: HistoryEntry[] = [];
  /** A new room is locked until its owner configures it or accepts the defaults (§10.1). */
  isLocked = false;
  isDestroyed = false;

  constructor(
    readonly id: string,
    readonly host: HostRecord,
    readonly name: string,
    readonly jid: string,
    public config: RoomConfig,
    public subject: string,
    public subjectBy: string,
    readonly affiliations: Map<string, AffiliationEntry>,
    readonly createdAt: string,
    public lastActivityAt: string,
  ) {}

  affiliationOf(bare: string): Affiliation {
    return this.affiliations.get(bare)?.affiliation ?? 'none';
  }

  /** The role an affiliation gives on entering (§5.1.2). */
  defaultRole(affiliation: Affiliation): Role {
    if (rankOf(affiliation) >= rankOf('admin')) return 'moderator';
    if (this.config.isModerated && affiliation !== 'member') return 'visitor';
    return 'participant';
  }

  /** The nickname someone other than `bare` registered, if `nick` is one. */
  registeredBy(nick: string): string | undefined {
    for (const [jid, entry] of this.affiliations) if (entry.nick === nick) return jid;
    return undefined;
  }

  owners(): string[] {
    return [...this.affiliations].filter(([, e]) => e.affiliation === 'owner').map(([jid]) => jid);
  }

  /** Stable per room and real JID, and says nothing about the JID (XEP-0421 §3). */
  occupantIdOf(bare: string): string {
    return createHmac('sha256', this.id).update(bare).digest('base64url').slice(0, 24);
  }

  occupantsOf(bare: string): Occupant[] {
    return [...this.occupants.values()].filter((o) => o.bare === bare);
  }

  /** Whether `viewer` sees real JIDs: moderators do, and everyone in a non-anonymous room. */
  showsJidsTo(viewer: Occupant): boolean {
    return this.config.whois === 'anyone' || viewer.role === 'moderator';
  }

  /**
   * Why `bare` may not enter under `nick`, as the error XEP-0045 §7.2 gives, checked in its order;
   * nothing when they may. `occupantLimit` is what the room and the plan allow together.
   */
  refusalOf(
    bare: string,
    nick: string,
    join: JoinRequest | undefined,
    occupantLimit: number | null,
  ): StanzaError | undefined {
    const affiliation = this.affiliationOf(bare);
    if (affiliation === 'outcast')
      return new StanzaError('forbidden', { text: 'You are banned from this room.' });
    const holder = this.occupants.get(nick);
    if (holder && holder.bare !== bare)
      return new StanzaError('conflict', { text: 'That nickname is in use.' });
    const registrant = this.registeredBy(nick);
    if (registrant !== undefined && registrant !== bare)
      return new StanzaError('conflict', { text: 'That nickname is registered by someone else.' });
    if (this.config.isMembersOnly && rankOf(affiliation) < rankOf('member'))
      return new StanzaError('registration-required', { text: 'Only members may enter this room.' });
    const isOwnerOrAdmin = rankOf(affiliation) >= rankOf('admin');
    if (this.config.password !== '' && !isOwnerOrAdmin && join?.password !== this.config.password)
      return new StanzaError('not-authorized', { text: 'A password is required to enter this room.' });
    if (occupantLimit !== null && this.occupants.size >= occupantLimit && !holder)
      return new StanzaError('service-unavailable', { text: 'The room is full.' });
    return undefined;
  }

  remember(stanza: Element, stamp: string, chars: number): void {
    const max = this.config.historyLength;
    if (max === 0) return;
    this.history.push({ stanza, stamp, chars });
    if (this.history.length > max) this.history.splice(0, this.history.length - max);
  }

  /** The newest messages a newcomer asked for (§7.2.13), within the room's history length. */
  historyFor(request: JoinRequest['history'], now: Date): HistoryEntry[] {
    let selected = this.history;
    if (request.since !== undefined) selected = selected.filter((h) => h.stamp > request.since!);
    if (request.seconds !== undefined) {
      const from = new Date(now.getTime() - request.seconds * 1000).toISOString();
      selected = selected.filter((h) => h.stamp >= from);
    }
    if (request.maxStanzas !== undefined)
      selected = request.maxStanzas === 0 ? [] : selected.slice(-request.maxStanzas);
    if (request.maxChars !== undefined) {
      let budget = request.maxChars;
      const kept: HistoryEntry[] = [];
      for (let i = selected.length - 1; i >= 0; i--) {
        const entry = selected[i]!;
        if (entry.chars > budget) break;
        budget -= entry.chars;
        kept.unshift(entry);
      }
      selected = kept;
    }
    return selected;
  }
}
