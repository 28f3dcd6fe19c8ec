/**
 * The rooms of every host's conference service and what they do with the stanzas addressed to
 * them: presence to enter, change nickname and leave (§7.1–7.2, §7.6, §7.14), groupchat and private
 * messages (§7.4–7.5), subjects (§8.1), invitations (§7.8), the moderator, admin and owner requests
 * (§8–10), registration (§7.10), the room archive (XEP-0313) and self-ping (XEP-0410).
 * Rooms are loaded from storage when first addressed and kept in memory while they have occupants.
 */
import { monotonicIdSource } from '../../../lib/ids.js';
import {
  attr,
  Element,
  errorReply,
  formatBare,
  formatJid,
  NS,
  parseStoredElement,
  StanzaError,
  xml,
} from '../../stanza/index.js';
import {
  errorOf,
  finElement,
  MAM,
  parseQuery,
  queryForm,
  resultMessage,
  resultOf,
  SID,
  stanzaIdElement,
  type HostRecord,
  type ModuleContext,
  type RouteContext,
  type Session,
} from '../../core/index.js';
import {
  adminItems,
  applyConfigForm,
  configForm,
  DEFAULT_CONFIG,
  destroyElement,
  DIRECT_INVITE,
  invitationMessage,
  isEmptySubmit,
  MUC,
  MUC_ADMIN,
  MUC_OWNER,
  MUC_STABLE_ID,
  MUC_USER,
  OCCUPANT_ID,
  occupantPresence,
  ownerForm,
  parseAdminItems,
  parseInvitation,
  parseJoin,
  parseRegistration,
  PING,
  presencePayload,
  rankOf,
  REGISTER,
  registrationForm,
  roomInfoForm,
  SELF_PING,
  withDelay,
  type Affiliation,
  type AdminItem,
  type ItemView,
  type Role,
  type RoomConfig,
} from './muc-codec.js';
import type { MucRepository, RoomArchiveFilter, StoredRoom, StoredRoomMessage } from './muc.repository.js';
import { Room, type AffiliationEntry, type Occupant } from './room.js';

export interface MucServiceOptions {
  maxPageSize: number;
  defaultPageSize: number;
}

/** What the dashboard shows of a room. */
export interface RoomSummary {
  address: string;
  name: string;
  title: string;
  isPersistent: boolean;
  isPublic: boolean;
  occupants: number;
  lastActivityAt: string;
}

type Ctx = Pick<
  ModuleContext,
  'clock' | 'logger' | 'sessions' | 'deliver' | 'route' | 'entitlement' | 'hosts' | 'members'
>;

const DAY_MS = 86_400_000;

function parseConfig(json: string): RoomConfig {
  return { ...DEFAULT_CONFIG, ...(JSON.parse(json) as Partial<RoomConfig>) };
}

export function createMucService(ctx: Ctx, repository: MucRepository, options: MucServiceOptions) {
  const { clock, logger } = ctx;
  const nextId = monotonicIdSource(clock);
  const rooms = new Map<string, Room>();
  const loading = new Map<string, Promise<Room | undefined>>();
  /** Rooms each real full JID is in, to take them out when their session closes. */
  const roomsOf = new Map<string, Set<Room>>();
  /** Archive rows waiting for their write; queries wait for them. */
  let pendingRows: StoredRoomMessage[] = [];
  let writing: Promise<void> | undefined;

  const keyOf = (hostId: string, name: string) => `${hostId}/${name}`;
  const now = () => clock.now().toISOString();
  const failed = (what: string) => (error: unknown) => logger.error({ err: error }, what);

  // ---- storage ------------------------------------------------------------------------------

  function flushArchive(): Promise<void> {
    if (writing || pendingRows.length === 0) return writing ?? Promise.resolve();
    const rows = pendingRows;
    pendingRows = [];
    writing = repository
      .insertMessages(rows)
      .catch(failed('could not archive room messages'))
      .finally(() => {
        writing = undefined;
        if (pendingRows.length > 0) void flushArchive();
      });
    return writing;
  }
  async function archiveDrained(): Promise<void> {
    while (writing || pendingRows.length > 0) await flushArchive();
  }

  function toRoom(row: StoredRoom, host: HostRecord, affiliations: Map<string, AffiliationEntry>): Room {
    return new Room(
      row.id,
      host,
      row.name,
      `${row.name}@conference.${host.domain}`,
      parseConfig(row.config),
      row.subject,
      row.subject_by,
      affiliations,
      row.created_at,
      row.last_activity_at,
    );
  }

  async function load(host: HostRecord, name: string): Promise<Room | undefined> {
    const row = await repository.findRoom(host.id, name);
    if (!row) return undefined;
    const affiliations = new Map<string, AffiliationEntry>();
    for (const a of await repository.affiliations(host.id, row.id))
      affiliations.set(a.jid, { affiliation: a.affiliation, nick: a.nick, reason: a.reason });
    const room = toRoom(row, host, affiliations);
    // History survives a restart through the archive.
    if (room.config.isArchived && room.config.historyLength > 0) {
      const rows = await repository.page(
        { hostId: host.id, roomId: room.id },
        room.config.historyLength,
        true,
      );
      room.history = rows.flatMap((r) => {
        const stanza = parseStoredElement(r.stanza);
        return stanza ? [{ stanza, stamp: r.created_at, chars: r.stanza.length }] : [];
      });
    }
    return room;
  }

  /** The room, from memory or storage; undefined if it does not exist. */
  async function find(host: HostRecord, name: string): Promise<Room | undefined> {
    const key = keyOf(host.id, name);
    const cached = rooms.get(key);
    if (cached) return cached;
    let pending = loading.get(key);
    if (!pending) {
      pending = load(host, name).then((room) => {
        if (room && !rooms.has(key)) rooms.set(key, room);
        return rooms.get(key);
      });
      loading.set(key, pending);
      void pending.finally(() => loading.delete(key)).catch(() => {});
    }
    return pending;
  }

  async function create(host: HostRecord, name: string, owner: string): Promise<Room> {
    const key = keyOf(host.id, name);
    const creation = (async () => {
      const maxRooms = await ctx.entitlement(host.id, 'maxRooms');
      if (maxRooms !== null && (await repository.countRooms(host.id)) >= maxRooms)
        throw new StanzaError('not-allowed', {
          text: `This host's plan allows ${maxRooms} rooms, and all are in use.`,
        });
      const at = now();
      const row: StoredRoom = {
        id: nextId('room'),
        host_id: host.id,
        name,
        config: JSON.stringify(DEFAULT_CONFIG),
        subject: '',
        subject_by: '',
        is_persistent: 0,
        created_at: at,
        last_activity_at: at,
      };
      await repository.insertRoom(row);
      await repository.setAffiliation(row.id, { jid: owner, affiliation: 'owner', nick: null, reason: null });
      const room = toRoom(row, host, new Map([[owner, { affiliation: 'owner', nick: null, reason: null }]]));
      room.isLocked = true;
      rooms.set(key, room);
      return room;
    })();
    loading.set(key, creation);
    try {
      return await creation;
    } finally {
      loading.delete(key);
    }
  }

  async function destroy(room: Room, reason?: string, alternate?: string): Promise<void> {
    room.isDestroyed = true;
    rooms.delete(keyOf(room.host.id, room.name));
    for (const occupant of [...room.occupants.values()]) {
      send(
        occupant,
        occupantPresence({
          from: `${room.jid}/${occupant.nick}`,
          to: occupant.jidText,
          type: 'unavailable',
          payload: [],
          item: { affiliation: 'none', role: 'none' },
          statuses: [110],
          occupantId: occupant.occupantId,
          destroy: destroyElement(alternate, reason),
        }),
      );
      forget(room, occupant);
    }
    await archiveDrained();
    await repository.deleteRoom(room.host.id, room.id);
  }

  // ---- delivery -----------------------------------------------------------------------------

  function send(occupant: Occupant, stanza: Element): void {
    const session = occupant.session;
    if (session && ctx.sessions.byFullJid(occupant.jid) === session) ctx.deliver(session, stanza);
    else void ctx.route(stanza).catch(failed('could not route a room stanza'));
  }

  function forget(room: Room, occupant: Occupant): void {
    room.occupants.delete(occupant.nick);
    room.byJid.delete(occupant.jidText);
    const set = roomsOf.get(occupant.jidText);
    set?.delete(room);
    if (set?.size === 0) roomsOf.delete(occupant.jidText);
  }

  function itemFor(
    room: Room,
    occupant: Occupant,
    viewer: Occupant,
    extra: Partial<ItemView> = {},
  ): ItemView {
    return {
      affiliation: room.affiliationOf(occupant.bare),
      role: occupant.role,
      ...(room.showsJidsTo(viewer) && { jid: occupant.jidText }),
      ...extra,
    };
  }

  /** Status codes for a presence about oneself: 110, and what the room is like (§7.2.2). */
  function selfStatuses(room: Room): number[] {
    const codes = [110];
    if (room.config.whois === 'anyone') codes.push(100);
    if (room.config.isArchived) codes.push(170);
    return codes;
  }

  /** Tells everyone (the occupant itself last) the occupant's presence. */
  function broadcastPresence(
    room: Room,
    occupant: Occupant,
    options: {
      type?: 'unavailable';
      statuses?: number[];
      selfStatuses?: number[];
      item?: Partial<ItemView>;
    } = {},
  ): void {
    for (const viewer of room.occupants.values()) {
      if (viewer === occupant) continue;
      send(viewer, presenceOf(room, occupant, viewer, options.type, options.statuses ?? [], options.item));
    }
    if (!room.occupants.has(occupant.nick) || room.occupants.get(occupant.nick) === occupant || options.type)
      send(
        occupant,
        presenceOf(
          room,
          occupant,
          occupant,
          options.type,
          [...(options.selfStatuses ?? [110]), ...(options.statuses ?? [])],
          options.item,
        ),
      );
  }

  function presenceOf(
    room: Room,
    occupant: Occupant,
    viewer: Occupant,
    type: 'unavailable' | undefined,
    statuses: number[],
    item?: Partial<ItemView>,
  ): Element {
    return occupantPresence({
      from: `${room.jid}/${occupant.nick}`,
      to: viewer.jidText,
      ...(type && { type }),
      payload: type ? [] : occupant.payload,
      item: itemFor(room, occupant, viewer, item),
      statuses: [...new Set(statuses)],
      occupantId: occupant.occupantId,
    });
  }

  async function removeOccupant(
    room: Room,
    occupant: Occupant,
    statuses: number[],
    item?: Partial<ItemView>,
  ): Promise<void> {
    broadcastPresence(room, occupant, { type: 'unavailable', statuses, item: { role: 'none', ...item } });
    forget(room, occupant);
    await afterLeave(room);
  }

  async function afterLeave(room: Room): Promise<void> {
    if (room.occupants.size > 0 || room.isDestroyed) return;
    if (!room.config.isPersistent) {
      room.isDestroyed = true;
      rooms.delete(keyOf(room.host.id, room.name));
      await archiveDrained();
      await repository.deleteRoom(room.host.id, room.id);
    } else {
      // Kept in storage; memory holds rooms with people in them.
      rooms.delete(keyOf(room.host.id, room.name));
      await repository.updateRoom(room.host.id, room.id, { last_activity_at: room.lastActivityAt });
    }
  }

  // ---- presence -----------------------------------------------------------------------------

  async function occupantLimit(room: Room): Promise<number | null> {
    const plan = await ctx.entitlement(room.host.id, 'maxRoomOccupants');
    const own = room.config.maxUsers > 0 ? room.config.maxUsers : null;
    if (plan === null) return own;
    return own === null ? plan : Math.min(plan, own);
  }

  async function presence(route: RouteContext): Promise<void> {
    const { stanza, from, to, host } = route;
    const type = attr(stanza, 'type');
    if (to.local === '' || (type !== undefined && type !== 'unavailable' && type !== 'error')) return;
    const fromText = formatJid(from);
    const room =
      rooms.get(keyOf(host.id, to.local)) ?? (type === undefined ? await find(host, to.local) : undefined);
    const current = room?.byJid.get(fromText);
    if (type === 'unavailable' || type === 'error') {
      if (room && current) await removeOccupant(room, current, []);
      return;
    }
    if (to.resource === '')
      throw new StanzaError('jid-malformed', { text: 'Enter a room with a nickname: room@service/nick.' });
    const nick = to.resource;
    if (room && current) {
      if (current.nick === nick) {
        current.payload = presencePayload(stanza);
        broadcastPresence(room, current);
      } else await changeNick(room, current, nick);
      return;
    }
    await join(route, room, nick);
  }

  async function join(route: RouteContext, existing: Room | undefined, nick: string): Promise<void> {
    const { stanza, from, host, origin } = route;
    const bare = formatBare(from);
    let room = existing;
    let isNew = false;
    if (!room) {
      // Members of the host create rooms; anyone else finds none to create (§10.1.1).
      if (!origin || origin.host.id !== host.id)
        throw new StanzaError('not-allowed', {
          text: `Only members of ${host.domain} may create rooms here.`,
        });
      room = await create(host, route.to.local, bare);
      isNew = true;
    } else if (room.isLocked && room.affiliationOf(bare) !== 'owner')
      throw new StanzaError('item-not-found', { text: 'The room is being created; try again shortly.' });
    const request = parseJoin(stanza);
    // One client per nickname: another resource of the same account takes a nickname of its own.
    if (room.occupants.get(nick)?.bare === bare)
      throw new StanzaError('conflict', { text: 'Another of your clients uses that nickname here.' });
    const refusal = room.refusalOf(bare, nick, request, await occupantLimit(room));
    if (refusal) throw refusal;
    const affiliation = room.affiliationOf(bare);
    const occupant: Occupant = {
      nick,
      jid: from,
      jidText: formatJid(from),
      bare,
      session: ctx.sessions.byFullJid(from),
      role: room.defaultRole(affiliation),
      payload: presencePayload(stanza),
      occupantId: room.occupantIdOf(bare),
    };
    // The others' presence first, then the newcomer's own to everyone, then history and subject.
    for (const other of room.occupants.values())
      send(occupant, presenceOf(room, other, occupant, undefined, []));
    room.occupants.set(nick, occupant);
    room.byJid.set(occupant.jidText, occupant);
    let set = roomsOf.get(occupant.jidText);
    if (!set) roomsOf.set(occupant.jidText, (set = new Set()));
    set.add(room);
    broadcastPresence(room, occupant, { selfStatuses: [...selfStatuses(room), ...(isNew ? [201] : [])] });
    if (request)
      for (const entry of room.historyFor(request.history, clock.now()))
        send(occupant, withTo(withDelay(entry.stanza, entry.stamp, room.jid), occupant.jidText));
    send(occupant, subjectMessage(room, occupant.jidText));
  }

  function subjectMessage(room: Room, to: string): Element {
    return xml(
      'message',
      {
        from: room.subjectBy ? `${room.jid}/${room.subjectBy}` : room.jid,
        to,
        type: 'groupchat',
        id: nextId('msub'),
      },
      xml('subject', {}, room.subject),
    );
  }

  async function changeNick(room: Room, occupant: Occupant, nick: string): Promise<void> {
    const refusal = room.refusalOf(
      occupant.bare,
      nick,
      { password: room.config.password, history: {} },
      null,
    );
    if (refusal) throw refusal;
    broadcastPresence(room, occupant, { type: 'unavailable', statuses: [303], item: { nick } });
    room.occupants.delete(occupant.nick);
    occupant.nick = nick;
    room.occupants.set(nick, occupant);
    broadcastPresence(room, occupant);
  }

  // ---- messages -----------------------------------------------------------------------------

  function withTo(stanza: Element, to: string): Element {
    stanza.attrs.to = to;
    return stanza;
  }

  async function message(route: RouteContext): Promise<void> {
    const { stanza, from, to, host } = route;
    if (to.local === '') throw new StanzaError('service-unavailable');
    const room = rooms.get(keyOf(host.id, to.local)) ?? (await find(host, to.local));
    if (!room) throw new StanzaError('item-not-found', { text: 'No such room.' });
    const type = attr(stanza, 'type') ?? 'normal';
    const sender = room.byJid.get(formatJid(from));
    if (type === 'error') {
      // A client that bounces the room's messages is gone (§7.2.?: services remove such occupants).
      if (sender) await removeOccupant(room, sender, [333]);
      return;
    }
    if (to.resource !== '') return privateMessage(room, sender, stanza, to.resource, type);
    if (type === 'groupchat') return groupchat(room, sender, stanza);
    const invitation = parseInvitation(stanza);
    if (invitation) return invite(room, route, invitation);
    throw new StanzaError('bad-request', { text: 'Send groupchat messages to the room.' });
  }

  async function groupchat(room: Room, sender: Occupant | undefined, stanza: Element): Promise<void> {
    if (!sender) throw new StanzaError('not-acceptable', { text: 'Only occupants may speak in the room.' });
    if (sender.role === 'visitor')
      throw new StanzaError('forbidden', { text: 'You have no voice in this room.' });
    const subject = stanza.getChild('subject');
    const body = stanza.getChild('body');
    if (subject && !body) {
      const canChange = sender.role === 'moderator' || room.config.canOccupantsChangeSubject;
      if (!canChange) throw new StanzaError('forbidden', { text: 'Only moderators may change the subject.' });
      room.subject = subject.text();
      room.subjectBy = sender.nick;
      await repository.updateRoom(room.host.id, room.id, { subject: room.subject, subject_by: sender.nick });
    }
    const at = now();
    room.lastActivityAt = at;
    const id = nextId('muc');
    const from = `${room.jid}/${sender.nick}`;
    // What the room says, once: ids only the room assigns, the occupant id, its archive id.
    const children = stanza.children.filter(
      (c) =>
        !(c instanceof Element) ||
        !(
          c.attrs.xmlns === OCCUPANT_ID ||
          (c.name === 'stanza-id' && c.attrs.xmlns === SID && c.attrs.by === room.jid)
        ),
    );
    children.push(xml('occupant-id', { xmlns: OCCUPANT_ID, id: sender.occupantId }));
    children.push(stanzaIdElement(room.jid, id));
    const attrs: Record<string, string> = { from, type: 'groupchat' };
    const clientId = attr(stanza, 'id');
    if (clientId !== undefined) attrs.id = clientId;
    const broadcast = new Element('message', attrs);
    broadcast.children = children;
    for (const occupant of room.occupants.values()) {
      // One element per recipient sharing the children: serialised at once, never changed after.
      const copy = new Element('message', { ...attrs, to: occupant.jidText });
      copy.children = children;
      send(occupant, copy);
    }
    if (!body) return;
    room.remember(broadcast, at, body.text().length);
    if (!room.config.isArchived || (await ctx.entitlement(room.host.id, 'archiveRetentionDays')) === 0)
      return;
    pendingRows.push({
      id,
      room_id: room.id,
      nick: sender.nick,
      sender_jid: sender.bare,
      stanza: broadcast.toString(),
      created_at: at,
    });
    if (!writing) queueMicrotask(() => void flushArchive());
  }

  function privateMessage(
    room: Room,
    sender: Occupant | undefined,
    stanza: Element,
    nick: string,
    type: string,
  ): void {
    if (type === 'groupchat')
      throw new StanzaError('bad-request', { text: 'A groupchat message goes to the room.' });
    if (!sender)
      throw new StanzaError('not-acceptable', { text: 'Only occupants may send private messages.' });
    const target = room.occupants.get(nick);
    if (!target) throw new StanzaError('item-not-found', { text: `Nobody named ${nick} is in the room.` });
    const copy = new Element('message', {
      ...stanza.attrs,
      from: `${room.jid}/${sender.nick}`,
      to: target.jidText,
    });
    copy.children = [
      ...stanza.children.filter((c) => !(c instanceof Element) || c.attrs.xmlns !== MUC_USER),
      xml('x', { xmlns: MUC_USER }),
    ];
    send(target, copy);
  }

  async function invite(
    room: Room,
    route: RouteContext,
    request: ReturnType<typeof parseInvitation> & {},
  ): Promise<void> {
    const from = route.from;
    if (request.kind === 'decline') {
      await ctx.route(
        invitationMessage({
          room: room.jid,
          to: formatJid(request.to),
          kind: 'decline',
          from: formatBare(from),
          ...(request.reason !== undefined && { reason: request.reason }),
        }),
      );
      return;
    }
    const sender = room.byJid.get(formatJid(from));
    if (!sender) throw new StanzaError('not-acceptable', { text: 'Only occupants may invite.' });
    const rank = rankOf(room.affiliationOf(sender.bare));
    if (!room.config.canOccupantsInvite && rank < rankOf('admin'))
      throw new StanzaError('forbidden', { text: 'Only admins may invite to this room.' });
    const invitee = formatBare(request.to);
    // Invited into a members-only room is made a member (§7.8.2).
    if (room.config.isMembersOnly && room.affiliationOf(invitee) === 'none')
      await setAffiliation(room, invitee, 'member', null);
    await ctx.route(
      invitationMessage({
        room: room.jid,
        to: formatJid(request.to),
        kind: 'invite',
        from: formatJid(from),
        ...(request.reason !== undefined && { reason: request.reason }),
        ...(room.config.password !== '' && { password: room.config.password }),
      }),
    );
  }

  // ---- affiliations and roles ---------------------------------------------------------------

  async function setAffiliation(
    room: Room,
    bare: string,
    affiliation: Affiliation,
    reason: string | null,
    nick?: string | null,
  ): Promise<void> {
    if (affiliation === 'none') {
      room.affiliations.delete(bare);
      await repository.removeAffiliation(room.id, bare);
      return;
    }
    const entry: AffiliationEntry = {
      affiliation,
      nick: nick === undefined ? (room.affiliations.get(bare)?.nick ?? null) : nick,
      reason,
    };
    room.affiliations.set(bare, entry);
    await repository.setAffiliation(room.id, { jid: bare, ...entry });
  }

  async function applyAdminItem(
    room: Room,
    actor: Occupant | undefined,
    actorBare: string,
    item: AdminItem,
  ): Promise<void> {
    const actorRank = rankOf(room.affiliationOf(actorBare));
    if (item.affiliation !== undefined) {
      const target = item.jid
        ? formatBare(item.jid)
        : item.nick !== undefined
          ? room.occupants.get(item.nick)?.bare
          : undefined;
      if (target === undefined) throw new StanzaError('bad-request', { text: 'The item needs a jid.' });
      const current = room.affiliationOf(target);
      const wanted = item.affiliation;
      // Admins manage members and outcasts; owners everything (§9, §10).
      const needsOwner = rankOf(wanted) >= rankOf('admin') || rankOf(current) >= rankOf('admin');
      if (actorRank < rankOf('admin') || (needsOwner && actorRank < rankOf('owner')))
        throw new StanzaError('not-allowed', { text: 'You may not change that affiliation.' });
      if (current === 'owner' && wanted !== 'owner' && room.owners().length === 1)
        throw new StanzaError('conflict', { text: 'A room keeps at least one owner.' });
      await setAffiliation(room, target, wanted, item.reason ?? null);
      for (const occupant of room.occupantsOf(target)) {
        if (wanted === 'outcast')
          await removeOccupant(room, occupant, [301], {
            affiliation: 'outcast',
            ...actorReason(actor, item),
          });
        else if (room.config.isMembersOnly && rankOf(wanted) < rankOf('member'))
          await removeOccupant(room, occupant, [321], { affiliation: wanted, ...actorReason(actor, item) });
        else {
          occupant.role =
            room.defaultRole(wanted) === 'moderator'
              ? 'moderator'
              : occupant.role === 'moderator'
                ? room.defaultRole(wanted)
                : wanted === 'member' && occupant.role === 'visitor'
                  ? 'participant'
                  : occupant.role;
          broadcastPresence(room, occupant, { item: actorReason(actor, item) });
        }
      }
      return;
    }
    if (item.role === undefined || item.nick === undefined)
      throw new StanzaError('bad-request', { text: 'The item needs a nick and a role or an affiliation.' });
    if (!actor || actor.role !== 'moderator')
      throw new StanzaError('forbidden', { text: 'Only moderators change roles.' });
    const target = room.occupants.get(item.nick);
    if (!target)
      throw new StanzaError('item-not-found', { text: `Nobody named ${item.nick} is in the room.` });
    const targetRank = rankOf(room.affiliationOf(target.bare));
    // Nobody acts on someone of a higher affiliation, nor on an admin or owner's role unless one (§8.2).
    if (targetRank > actorRank || (targetRank >= rankOf('admin') && item.role !== 'moderator'))
      throw new StanzaError('not-allowed', { text: 'You may not change the role of that occupant.' });
    if (item.role === 'moderator' && actorRank < rankOf('admin'))
      throw new StanzaError('not-allowed', { text: 'Only admins grant moderation.' });
    if (item.role === 'none') return removeOccupant(room, target, [307], actorReason(actor, item));
    target.role = item.role;
    broadcastPresence(room, target, { item: actorReason(actor, item) });
  }

  function actorReason(actor: Occupant | undefined, item: AdminItem): Partial<ItemView> {
    return { ...(actor && { actor: actor.nick }), ...(item.reason !== undefined && { reason: item.reason }) };
  }

  // ---- IQs ----------------------------------------------------------------------------------

  /** IQs relayed to occupants (§7.5-like, as vCard requests need), by the id we gave them. */
  const relayed = new Map<string, { requester: string; id: string; from: string; target: string }>();
  const MAX_RELAYED = 10_000;

  function relay(room: Room, sender: Occupant, target: Occupant, stanza: Element): void {
    const id = nextId('mfwd');
    const to = isVcardRequest(stanza) ? target.bare : target.jidText;
    if (relayed.size >= MAX_RELAYED) relayed.delete(relayed.keys().next().value!);
    relayed.set(id, {
      requester: sender.jidText,
      id: attr(stanza, 'id') ?? '',
      from: `${room.jid}/${target.nick}`,
      target: to,
    });
    const forwarded = new Element('iq', {
      type: attr(stanza, 'type')!,
      id,
      from: `${room.jid}/${sender.nick}`,
      to,
    });
    forwarded.children = stanza.children;
    if (to === target.jidText) send(target, forwarded);
    else void ctx.route(forwarded).catch(failed('could not route a relayed vCard request'));
  }

  /**
   * A vCard lives in the occupant's account, and clients do not answer vcard-temp themselves: a
   * request for an occupant's vCard (how Converse.js fetches avatars in a room) goes to the
   * account, whose server answers, as ejabberd does.
   */
  function isVcardRequest(stanza: Element): boolean {
    return attr(stanza, 'type') === 'get' && stanza.getChild('vCard', 'vcard-temp') !== undefined;
  }

  /** An occupant's answer to a relayed IQ goes back to whoever asked, from the occupant's room JID. */
  async function relayAnswer(route: RouteContext): Promise<void> {
    const id = attr(route.stanza, 'id') ?? '';
    const entry = relayed.get(id);
    if (!entry || entry.target !== formatJid(route.from)) return;
    relayed.delete(id);
    const answer = new Element('iq', {
      ...route.stanza.attrs,
      id: entry.id,
      from: entry.from,
      to: entry.requester,
    });
    answer.children = route.stanza.children;
    await ctx.route(answer);
  }

  async function iq(route: RouteContext): Promise<void> {
    const { stanza, to, host } = route;
    const type = attr(stanza, 'type');
    if (type === 'result' || type === 'error') return to.resource === '' ? undefined : relayAnswer(route);
    if (type !== 'get' && type !== 'set') return;
    let reply: Element;
    try {
      const payload = stanza.children.find((c): c is Element => c instanceof Element);
      if (!payload) throw new StanzaError('bad-request');
      const result: Element | void | typeof RELAYED =
        to.local === ''
          ? await serviceIq(host, payload, type, route)
          : await roomIq(route, payload, type, to.local, to.resource);
      if (result === RELAYED) return;
      reply = resultOf(stanza, result ?? undefined);
    } catch (error) {
      if (!(error instanceof StanzaError)) throw error;
      reply = errorOf(stanza, error);
    }
    const origin = route.origin;
    if (origin) ctx.deliver(origin, reply);
    else await ctx.route(reply);
  }

  async function serviceIq(
    host: HostRecord,
    payload: Element,
    type: string,
    route: RouteContext,
  ): Promise<Element | void> {
    const xmlns = payload.attrs.xmlns as string;
    if (type === 'get' && xmlns === NS.discoInfo && payload.name === 'query') {
      if (payload.attrs.node) throw new StanzaError('item-not-found');
      return xml(
        'query',
        { xmlns: NS.discoInfo },
        xml('identity', { category: 'conference', type: 'text', name: 'Chatrooms' }),
        ...serviceFeatures().map((v) => xml('feature', { var: v })),
      );
    }
    if (type === 'get' && xmlns === NS.discoItems && payload.name === 'query') {
      if (payload.attrs.node) throw new StanzaError('item-not-found');
      const listed = (await repository.listRooms(host.id)).filter((r) => parseConfig(r.config).isPublic);
      return xml(
        'query',
        { xmlns: NS.discoItems },
        ...listed.map((r) => {
          const title = parseConfig(r.config).title;
          return xml('item', { jid: `${r.name}@${route.to.domain}`, name: title || r.name });
        }),
      );
    }
    if (type === 'get' && xmlns === PING) return;
    throw new StanzaError('service-unavailable');
  }

  async function roomIq(
    route: RouteContext,
    payload: Element,
    type: string,
    name: string,
    nick: string,
  ): Promise<Element | void | typeof RELAYED> {
    const room = await find(route.host, name);
    if (!room) throw new StanzaError('item-not-found', { text: 'No such room.' });
    const fromBare = formatBare(route.from);
    const occupant = room.byJid.get(formatJid(route.from));
    const xmlns = payload.attrs.xmlns as string;
    if (nick !== '') {
      // XEP-0410: a ping to one's own occupant address says whether one is still in the room.
      if (!occupant) throw new StanzaError('not-acceptable', { text: 'You are not in this room.' });
      if (xmlns === PING && occupant.nick === nick) return;
      const target = room.occupants.get(nick);
      if (!target) throw new StanzaError('item-not-found', { text: `Nobody named ${nick} is in the room.` });
      relay(room, occupant, target, route.stanza);
      return RELAYED;
    }
    if (room.isLocked && room.affiliationOf(fromBare) !== 'owner') throw new StanzaError('item-not-found');
    const key = `${type} ${xmlns} ${payload.name}`;
    switch (key) {
      case `get ${NS.discoInfo} query`:
        return roomInfo(room);
      case `get ${NS.discoItems} query`:
        return xml('query', { xmlns: NS.discoItems });
      case `get ${PING} ping`:
        return;
      case `get ${MUC_OWNER} query`:
        requireOwner(room, fromBare);
        return configForm(room.config, room.jid);
      case `set ${MUC_OWNER} query`:
        return ownerSet(room, fromBare, payload);
      case `get ${MUC_ADMIN} query`:
        return adminGet(room, fromBare, occupant, payload);
      case `set ${MUC_ADMIN} query`:
        for (const item of parseAdminItems(payload)) await applyAdminItem(room, occupant, fromBare, item);
        return;
      case `get ${REGISTER} query`:
        if (room.affiliationOf(fromBare) === 'outcast') throw new StanzaError('forbidden');
        return registrationForm(
          rankOf(room.affiliationOf(fromBare)) >= rankOf('member')
            ? (room.affiliations.get(fromBare)?.nick ?? '')
            : undefined,
        );
      case `set ${REGISTER} query`:
        return register(room, fromBare, payload);
      case `get ${MAM} query`:
        readableArchive(room, fromBare, occupant);
        return queryForm();
      case `set ${MAM} query`:
        return archiveQuery(room, route, payload, occupant);
      default:
        throw new StanzaError('service-unavailable');
    }
  }

  function requireOwner(room: Room, bare: string): void {
    if (room.affiliationOf(bare) !== 'owner')
      throw new StanzaError('forbidden', { text: 'Only owners configure the room.' });
  }

  async function ownerSet(room: Room, bare: string, payload: Element): Promise<void> {
    requireOwner(room, bare);
    const destroyRequest = payload.getChild('destroy');
    if (destroyRequest) {
      const reason = destroyRequest.getChildText('reason') ?? undefined;
      return destroy(room, reason, attr(destroyRequest, 'jid'));
    }
    const form = ownerForm(payload);
    if (!form) throw new StanzaError('bad-request', { text: 'Submit the configuration form.' });
    if (attr(form, 'type') === 'cancel') {
      // Cancelling the configuration of a new room destroys it (§10.1.3).
      if (room.isLocked) await destroy(room);
      return;
    }
    if (attr(form, 'type') !== 'submit')
      throw new StanzaError('bad-request', { text: 'The form must be submitted.' });
    const before = room.config;
    const next = isEmptySubmit(form) ? room.config : applyConfigForm(room.config, form);
    room.config = next;
    room.isLocked = false;
    await repository.updateRoom(room.host.id, room.id, {
      config: JSON.stringify(next),
      is_persistent: next.isPersistent ? 1 : 0,
    });
    // Occupants hear what changed about the room (§10.2.1): logging (170/171), anonymity (172/173).
    const codes: number[] = [104];
    if (before.isArchived !== next.isArchived) codes.push(next.isArchived ? 170 : 171);
    if (before.whois !== next.whois) codes.push(next.whois === 'anyone' ? 172 : 173);
    for (const occupant of room.occupants.values())
      send(
        occupant,
        xml(
          'message',
          { from: room.jid, to: occupant.jidText, type: 'groupchat', id: nextId('mcfg') },
          xml('x', { xmlns: MUC_USER }, ...codes.map((c) => xml('status', { code: String(c) }))),
        ),
      );
    if (!next.isPersistent && room.occupants.size === 0) await afterLeave(room);
  }

  function adminGet(room: Room, bare: string, occupant: Occupant | undefined, payload: Element): Element {
    const item = payload.getChild('item');
    const affiliation = item && attr(item, 'affiliation');
    const role = item && attr(item, 'role');
    const rank = rankOf(room.affiliationOf(bare));
    if (affiliation !== undefined) {
      if (rank < rankOf('admin'))
        throw new StanzaError('forbidden', { text: 'Only admins see affiliation lists.' });
      return adminItems(
        [...room.affiliations]
          .filter(([, e]) => e.affiliation === affiliation)
          .map(([jid, e]) => ({
            affiliation: e.affiliation,
            role: 'none' as Role,
            jid,
            ...(e.nick && { nick: e.nick }),
          })),
      );
    }
    if (role !== undefined) {
      if (occupant?.role !== 'moderator')
        throw new StanzaError('forbidden', { text: 'Only moderators see role lists.' });
      return adminItems(
        [...room.occupants.values()]
          .filter((o) => o.role === role)
          .map((o) => ({
            affiliation: room.affiliationOf(o.bare),
            role: o.role,
            jid: o.jidText,
            nick: o.nick,
          })),
      );
    }
    throw new StanzaError('bad-request', { text: 'Ask for an affiliation or a role.' });
  }

  async function register(room: Room, bare: string, payload: Element): Promise<void> {
    const request = parseRegistration(payload);
    const current = room.affiliationOf(bare);
    if (current === 'outcast') throw new StanzaError('forbidden', { text: 'You are banned from this room.' });
    if (request === 'remove') {
      if (current === 'member') await setAffiliation(room, bare, 'none', null);
      else if (current !== 'none') await setAffiliation(room, bare, current, null, null);
      return;
    }
    if (room.config.isMembersOnly && rankOf(current) < rankOf('member'))
      throw new StanzaError('not-allowed', { text: 'Only an admin can make you a member of this room.' });
    const registrant = room.registeredBy(request.nick);
    const holder = room.occupants.get(request.nick);
    if ((registrant !== undefined && registrant !== bare) || (holder && holder.bare !== bare))
      throw new StanzaError('conflict', { text: 'That nickname is taken.' });
    await setAffiliation(room, bare, current === 'none' ? 'member' : current, null, request.nick);
  }

  function roomInfo(room: Room): Element {
    const c = room.config;
    const features = [
      MUC,
      MUC_STABLE_ID,
      MAM,
      SID,
      OCCUPANT_ID,
      SELF_PING,
      REGISTER,
      NS.discoInfo,
      NS.discoItems,
      c.isPersistent ? 'muc_persistent' : 'muc_temporary',
      c.isPublic ? 'muc_public' : 'muc_hidden',
      c.isMembersOnly ? 'muc_membersonly' : 'muc_open',
      c.isModerated ? 'muc_moderated' : 'muc_unmoderated',
      c.password ? 'muc_passwordprotected' : 'muc_unsecured',
      c.whois === 'anyone' ? 'muc_nonanonymous' : 'muc_semianonymous',
    ];
    return xml(
      'query',
      { xmlns: NS.discoInfo },
      xml('identity', { category: 'conference', type: 'text', name: c.title || room.name }),
      ...features.sort().map((v) => xml('feature', { var: v })),
      roomInfoForm({ description: c.description, occupants: room.occupants.size, subject: room.subject }),
    );
  }

  function readableArchive(room: Room, bare: string, occupant: Occupant | undefined): void {
    const affiliation = room.affiliationOf(bare);
    if (affiliation === 'outcast')
      throw new StanzaError('forbidden', { text: 'You are banned from this room.' });
    if (
      (room.config.isMembersOnly || !room.config.isPublic) &&
      rankOf(affiliation) < rankOf('member') &&
      !occupant
    )
      throw new StanzaError('forbidden', { text: "Only the room's members may read its archive." });
    if (!room.config.isArchived)
      throw new StanzaError('service-unavailable', { text: 'This room keeps no archive.' });
  }

  async function archiveQuery(
    room: Room,
    route: RouteContext,
    payload: Element,
    occupant: Occupant | undefined,
  ): Promise<Element> {
    const requester = route.from;
    readableArchive(room, formatBare(requester), occupant);
    const query = parseQuery(payload);
    // Room archives answer the basic query; the extended features are the account archive's.
    if (query.cursor.direction === 'index' || query.ids || query.isFlipped)
      throw new StanzaError('feature-not-implemented', {
        text: 'room archives page by id only: no index, ids or flip-page',
      });
    await archiveDrained();
    const days = await ctx.entitlement(room.host.id, 'archiveRetentionDays');
    const base: RoomArchiveFilter = {
      hostId: room.host.id,
      roomId: room.id,
      expiredAt: days === null ? undefined : new Date(clock.now().getTime() - days * DAY_MS).toISOString(),
    };
    const positionOf = async (id: string | undefined) => {
      if (id === undefined) return undefined;
      const position = await repository.findPosition(base, id);
      if (!position) throw new StanzaError('item-not-found', { text: `no message ${id} in the archive` });
      return position;
    };
    const filter: RoomArchiveFilter = {
      ...base,
      nick:
        query.with && formatBare(query.with) === room.jid && query.with.resource
          ? query.with.resource
          : undefined,
      start: query.start,
      end: query.end,
      after: await positionOf(query.afterId),
      before: await positionOf(query.beforeId),
    };
    const max = Math.min(query.max ?? options.defaultPageSize, options.maxPageSize);
    const isBackward = query.cursor.direction === 'backward';
    const cursor = query.cursor;
    const at = await positionOf(
      cursor.direction === 'forward'
        ? cursor.after
        : cursor.direction === 'backward'
          ? cursor.before
          : undefined,
    );
    const count = await repository.count(filter);
    const page = { ...filter, ...(at && (isBackward ? { before: at } : { after: at })) };
    const rows = max === 0 ? [] : await repository.page(page, max + 1, isBackward);
    const hasMore = rows.length > max;
    const items = !hasMore ? rows : isBackward ? rows.slice(1) : rows.slice(0, max);
    const first = items[0];
    const index = first ? await repository.count({ ...filter, before: first }) : 0;
    const session = route.origin;
    for (const row of items) {
      const message = parseStoredElement(row.stanza);
      if (!message) continue;
      const result = resultMessage({
        to: formatJid(requester),
        from: room.jid,
        id: nextId('mamr'),
        queryId: query.queryId,
        archiveId: row.id,
        stamp: row.created_at,
        message,
      });
      if (session) ctx.deliver(session, result);
      else await ctx.route(result);
    }
    const last = items[items.length - 1];
    return finElement({
      queryId: query.queryId,
      isComplete: !hasMore,
      count,
      ...(first && last && { page: { first: first.id, last: last.id, index } }),
    });
  }

  // ---- sessions, purge, dashboard -----------------------------------------------------------

  async function sessionClosed(session: Session): Promise<void> {
    const jidText = formatJid(session.jid);
    const inRooms = roomsOf.get(jidText);
    if (!inRooms) return;
    for (const room of [...inRooms]) {
      const occupant = room.byJid.get(jidText);
      if (occupant) await removeOccupant(room, occupant, []);
    }
  }

  async function purgeExpired(
    listEntitlements: () => Promise<
      { hostId: string; entitlements: { archiveRetentionDays: number | null } }[]
    >,
  ): Promise<void> {
    for (const { hostId, entitlements } of await listEntitlements()) {
      const days = entitlements.archiveRetentionDays;
      if (days === null) continue;
      const expiredAt = new Date(clock.now().getTime() - days * DAY_MS).toISOString();
      while ((await repository.expire(hostId, expiredAt, 1000)) === 1000);
    }
  }

  async function listRooms(host: HostRecord): Promise<RoomSummary[]> {
    const rows = await repository.listRooms(host.id);
    return rows.map((row) => {
      const live = rooms.get(keyOf(host.id, row.name));
      const config = live?.config ?? parseConfig(row.config);
      return {
        address: `${row.name}@conference.${host.domain}`,
        name: row.name,
        title: config.title,
        isPersistent: config.isPersistent,
        isPublic: config.isPublic,
        occupants: live?.occupants.size ?? 0,
        lastActivityAt: live?.lastActivityAt ?? row.last_activity_at,
      };
    });
  }

  /** Destroys a room for the host's customer; false when the host has no such room. */
  async function destroyByName(host: HostRecord, name: string, reason: string): Promise<boolean> {
    const room = await find(host, name);
    if (!room) return false;
    await destroy(room, reason);
    return true;
  }

  /** A deleted host's rooms went with it from storage (foreign keys); memory follows. */
  function forgetHost(hostId: string): void {
    for (const [key, room] of rooms)
      if (room.host.id === hostId) {
        room.isDestroyed = true;
        rooms.delete(key);
      }
  }

  return {
    forgetHost,
    presence,
    message,
    iq,
    sessionClosed,
    purgeExpired,
    listRooms,
    destroyByName,
    drained: archiveDrained,
    deleteTemporaryRooms: () => repository.deleteTemporaryRooms(),
    /** For replies to stanzas the service bounced: addressed back to the sender. */
    bounce: (stanza: Element, error: StanzaError) => errorReply(stanza, error),
  };
}

export type MucService = ReturnType<typeof createMucService>;

/** What roomIq returns for an IQ it relayed to an occupant: the answer comes later, from them. */
const RELAYED = Symbol('relayed');

export function serviceFeatures(): string[] {
  return [MUC, DIRECT_INVITE, NS.discoInfo, NS.discoItems, OCCUPANT_ID, SELF_PING, MAM, SID].sort();
}
