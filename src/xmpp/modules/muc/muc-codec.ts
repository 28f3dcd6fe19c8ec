/**
 * The elements of XEP-0045 (occupant presence, muc#user items and status codes, invitations,
 * admin items, the room configuration and registration forms), XEP-0421 occupant ids and XEP-0203
 * delays on history. Parsers throw the stanza error XEP-0045 gives for a malformed request, so the
 * room logic sees typed values only.
 */
import { attr, cloneElement, Element, StanzaError, tryParseJid, xml, type Jid } from '../../stanza/index.js';

export const MUC = 'http://jabber.org/protocol/muc';
export const MUC_USER = `${MUC}#user`;
export const MUC_ADMIN = `${MUC}#admin`;
export const MUC_OWNER = `${MUC}#owner`;
export const MUC_ROOMCONFIG = `${MUC}#roomconfig`;
export const MUC_ROOMINFO = `${MUC}#roominfo`;
export const MUC_REGISTER = `${MUC}#register`;
export const MUC_STABLE_ID = `${MUC}#stable_id`;
/** XEP-0410: the service answers pings to an occupant's own address itself. */
export const SELF_PING = `${MUC}#self-ping-optimization`;
export const OCCUPANT_ID = 'urn:xmpp:occupant-id:0';
/** XEP-0249 direct invitations: clients send them to each other; the service announces it. */
export const DIRECT_INVITE = 'jabber:x:conference';
export const REGISTER = 'jabber:iq:register';
export const PING = 'urn:xmpp:ping';
const DELAY = 'urn:xmpp:delay';
const DATA_FORMS = 'jabber:x:data';

export type Affiliation = 'owner' | 'admin' | 'member' | 'none' | 'outcast';
export type Role = 'moderator' | 'participant' | 'visitor' | 'none';
const AFFILIATIONS: readonly Affiliation[] = ['owner', 'admin', 'member', 'none', 'outcast'];
const ROLES: readonly Role[] = ['moderator', 'participant', 'visitor', 'none'];

/** Higher is more: outcast < none < member < admin < owner. */
export function rankOf(affiliation: Affiliation): number {
  return { outcast: -1, none: 0, member: 1, admin: 2, owner: 3 }[affiliation];
}

/** The muc#roomconfig values a room keeps (XEP-0045 §10.2). */
export interface RoomConfig {
  title: string;
  description: string;
  isPersistent: boolean;
  isPublic: boolean;
  isMembersOnly: boolean;
  isModerated: boolean;
  /** Empty: not password-protected. */
  password: string;
  /** 0: as many as the plan allows. */
  maxUsers: number;
  /** Who sees occupants' real JIDs: semi-anonymous (`moderators`) or non-anonymous (`anyone`). */
  whois: 'moderators' | 'anyone';
  canOccupantsChangeSubject: boolean;
  canOccupantsInvite: boolean;
  /** Messages sent to a newcomer as history, at most. */
  historyLength: number;
  /** Whether messages go to the room's archive (XEP-0313, status 170). */
  isArchived: boolean;
}

export const DEFAULT_CONFIG: RoomConfig = {
  title: '',
  description: '',
  isPersistent: false,
  isPublic: true,
  isMembersOnly: false,
  isModerated: false,
  password: '',
  maxUsers: 0,
  whois: 'moderators',
  canOccupantsChangeSubject: false,
  canOccupantsInvite: true,
  historyLength: 20,
  isArchived: true,
};

const MAX_HISTORY = 100;

type FieldKind = 'text' | 'boolean' | 'integer' | 'whois' | 'secret';
/** Each form field: its var, the config key, its type, its label. */
const CONFIG_FIELDS: readonly [string, keyof RoomConfig, FieldKind, string][] = [
  ['muc#roomconfig_roomname', 'title', 'text', 'Name'],
  ['muc#roomconfig_roomdesc', 'description', 'text', 'Description'],
  ['muc#roomconfig_persistentroom', 'isPersistent', 'boolean', 'Keep the room when the last person leaves'],
  ['muc#roomconfig_publicroom', 'isPublic', 'boolean', 'List the room publicly'],
  ['muc#roomconfig_membersonly', 'isMembersOnly', 'boolean', 'Only members may enter'],
  ['muc#roomconfig_moderatedroom', 'isModerated', 'boolean', 'Only participants with voice may speak'],
  ['muc#roomconfig_passwordprotectedroom', 'password', 'boolean', 'Require a password to enter'],
  ['muc#roomconfig_roomsecret', 'password', 'secret', 'Password'],
  ['muc#roomconfig_maxusers', 'maxUsers', 'integer', 'Most people in the room (0: as the plan allows)'],
  ['muc#roomconfig_whois', 'whois', 'whois', 'Who may see real addresses'],
  [
    'muc#roomconfig_changesubject',
    'canOccupantsChangeSubject',
    'boolean',
    'Occupants may change the subject',
  ],
  ['muc#roomconfig_allowinvites', 'canOccupantsInvite', 'boolean', 'Occupants may invite others'],
  ['muc#maxhistoryfetch', 'historyLength', 'integer', 'Messages of history sent on entering'],
  ['muc#roomconfig_enablelogging', 'isArchived', 'boolean', 'Keep an archive of the room'],
];

function field(name: string, type: string, label: string, value: string, options: string[] = []): Element {
  return xml(
    'field',
    { var: name, type, label },
    xml('value', {}, value),
    ...options.map((o) => xml('option', { label: o }, xml('value', {}, o))),
  );
}

/** The muc#owner configuration form with the room's values (XEP-0045 §10.2). */
export function configForm(config: RoomConfig, roomJid: string): Element {
  const fields = CONFIG_FIELDS.map(([name, key, kind, label]) => {
    const value = config[key];
    if (key === 'password' && kind === 'boolean')
      return field(name, 'boolean', label, config.password ? '1' : '0');
    if (kind === 'boolean') return field(name, 'boolean', label, value ? '1' : '0');
    if (kind === 'whois') return field(name, 'list-single', label, String(value), ['moderators', 'anyone']);
    if (kind === 'secret') return field(name, 'text-private', label, String(value));
    return field(name, kind === 'integer' ? 'text-single' : 'text-single', label, String(value));
  });
  return xml(
    'query',
    { xmlns: MUC_OWNER },
    xml(
      'x',
      { xmlns: DATA_FORMS, type: 'form' },
      xml('title', {}, `Configuration of ${roomJid}`),
      xml('field', { var: 'FORM_TYPE', type: 'hidden' }, xml('value', {}, MUC_ROOMCONFIG)),
      ...fields,
    ),
  );
}

function notAcceptable(text: string): StanzaError {
  return new StanzaError('not-acceptable', { text });
}

/** Values of a submitted form, by var; a field given twice keeps its first value. */
export function formValues(form: Element): Map<string, string> {
  const values = new Map<string, string>();
  for (const f of form.getChildren('field')) {
    const name = attr(f, 'var');
    if (name !== undefined && !values.has(name)) values.set(name, f.getChildText('value') ?? '');
  }
  return values;
}

function parseBoolean(name: string, value: string): boolean {
  if (value === '1' || value === 'true') return true;
  if (value === '0' || value === 'false') return false;
  throw notAcceptable(`${name} must be a boolean`);
}

/** The configuration a submitted form asks for, over the current one; unknown fields are ignored. */
export function applyConfigForm(current: RoomConfig, form: Element): RoomConfig {
  const values = formValues(form);
  const next: RoomConfig = { ...current };
  let isPasswordProtected = current.password !== '';
  for (const [name, key, kind] of CONFIG_FIELDS) {
    const value = values.get(name);
    if (value === undefined) continue;
    if (key === 'password' && kind === 'boolean') isPasswordProtected = parseBoolean(name, value);
    else if (kind === 'boolean') (next[key] as boolean) = parseBoolean(name, value);
    else if (kind === 'integer') {
      const n = Number(value);
      if (!Number.isInteger(n) || n < 0) throw notAcceptable(`${name} must be a whole number`);
      (next[key] as number) = key === 'historyLength' ? Math.min(n, MAX_HISTORY) : n;
    } else if (kind === 'whois') {
      if (value !== 'moderators' && value !== 'anyone')
        throw notAcceptable(`${name} must be moderators or anyone`);
      next.whois = value;
    } else (next[key] as string) = value;
  }
  if (!isPasswordProtected) next.password = '';
  else if (next.password === '') throw notAcceptable('a password-protected room needs a password');
  return next;
}

/** The `<x xmlns='…muc'>` of a join: the password and the history the newcomer asks for (§7.2.13). */
export interface JoinRequest {
  password?: string;
  history: { maxStanzas?: number; maxChars?: number; seconds?: number; since?: string };
}

export function parseJoin(presence: Element): JoinRequest | undefined {
  const x = presence.getChild('x', MUC);
  if (!x) return undefined;
  const h = x.getChild('history');
  const number = (name: string) => {
    const value = h && attr(h, name);
    if (value === undefined) return undefined;
    const n = Number(value);
    return Number.isInteger(n) && n >= 0 ? n : undefined;
  };
  const sinceText = h && attr(h, 'since');
  const since =
    sinceText !== undefined && !Number.isNaN(Date.parse(sinceText))
      ? new Date(sinceText).toISOString()
      : undefined;
  const password = x.getChildText('password') ?? undefined;
  return {
    ...(password !== undefined && { password }),
    history: {
      maxStanzas: number('maxstanzas'),
      maxChars: number('maxchars'),
      seconds: number('seconds'),
      since,
    },
  };
}

export interface ItemView {
  affiliation: Affiliation;
  role: Role;
  jid?: string;
  nick?: string;
  actor?: string;
  reason?: string;
}

function itemElement(item: ItemView): Element {
  const attrs: Record<string, string> = { affiliation: item.affiliation, role: item.role };
  if (item.jid !== undefined) attrs.jid = item.jid;
  if (item.nick !== undefined) attrs.nick = item.nick;
  return xml(
    'item',
    attrs,
    ...(item.actor !== undefined ? [xml('actor', { nick: item.actor })] : []),
    ...(item.reason !== undefined ? [xml('reason', {}, item.reason)] : []),
  );
}

/**
 * An occupant's presence as the room sends it: the occupant's own `<show/>`, `<status/>` and other
 * payloads, then the muc#user item, status codes, and the occupant id.
 */
export function occupantPresence(input: {
  from: string;
  to: string;
  type?: 'unavailable';
  payload: readonly Element[];
  item: ItemView;
  statuses: readonly number[];
  occupantId: string;
  destroy?: Element;
}): Element {
  const attrs: Record<string, string> = { from: input.from, to: input.to };
  if (input.type) attrs.type = input.type;
  return xml(
    'presence',
    attrs,
    ...input.payload.map(cloneElement),
    xml(
      'x',
      { xmlns: MUC_USER },
      itemElement(input.item),
      ...input.statuses.map((code) => xml('status', { code: String(code) })),
      ...(input.destroy ? [input.destroy] : []),
    ),
    xml('occupant-id', { xmlns: OCCUPANT_ID, id: input.occupantId }),
  );
}

/** What of a client's presence the room passes on: not the MUC join element, nor ids it assigns. */
export function presencePayload(presence: Element): Element[] {
  return presence.children.filter(
    (c): c is Element =>
      c instanceof Element &&
      !(c.name === 'x' && (c.attrs.xmlns === MUC || c.attrs.xmlns === MUC_USER)) &&
      c.attrs.xmlns !== OCCUPANT_ID,
  );
}

export function destroyElement(alternate: string | undefined, reason: string | undefined): Element {
  return xml(
    'destroy',
    alternate !== undefined ? { jid: alternate } : {},
    ...(reason !== undefined ? [xml('reason', {}, reason)] : []),
  );
}

/** A message of the history, as a newcomer gets it: with when and where it was first sent. */
export function withDelay(message: Element, stamp: string, roomJid: string): Element {
  const copy = cloneElement(message);
  copy.children.push(xml('delay', { xmlns: DELAY, stamp, from: roomJid }));
  return copy;
}

/** One `<item/>` of a muc#admin request (§9, §10): whose affiliation or role changes, and to what. */
export interface AdminItem {
  jid?: Jid;
  nick?: string;
  affiliation?: Affiliation;
  role?: Role;
  reason?: string;
}

export function parseAdminItems(query: Element): AdminItem[] {
  const items = query.getChildren('item');
  if (items.length === 0) throw new StanzaError('bad-request', { text: 'no item' });
  return items.map((item) => {
    const affiliation = attr(item, 'affiliation');
    const role = attr(item, 'role');
    const jidText = attr(item, 'jid');
    const jid = jidText === undefined ? undefined : tryParseJid(jidText);
    if (jidText !== undefined && !jid) throw new StanzaError('jid-malformed');
    if (affiliation !== undefined && !AFFILIATIONS.includes(affiliation as Affiliation))
      throw new StanzaError('bad-request', { text: `no affiliation ${affiliation}` });
    if (role !== undefined && !ROLES.includes(role as Role))
      throw new StanzaError('bad-request', { text: `no role ${role}` });
    const nick = attr(item, 'nick');
    const reason = item.getChildText('reason') ?? undefined;
    return {
      ...(jid && { jid }),
      ...(nick !== undefined && { nick }),
      ...(affiliation !== undefined && { affiliation: affiliation as Affiliation }),
      ...(role !== undefined && { role: role as Role }),
      ...(reason !== undefined && { reason }),
    };
  });
}

export function adminItems(items: readonly ItemView[]): Element {
  return xml('query', { xmlns: MUC_ADMIN }, ...items.map(itemElement));
}

/** A mediated invitation or decline sent to the room (§7.8.2, §7.8.2.2). */
export type InvitationRequest =
  { kind: 'invite'; to: Jid; reason?: string } | { kind: 'decline'; to: Jid; reason?: string };

export function parseInvitation(message: Element): InvitationRequest | undefined {
  const x = message.getChild('x', MUC_USER);
  const element = x?.getChild('invite') ?? x?.getChild('decline');
  if (!element) return undefined;
  const to = tryParseJid(attr(element, 'to') ?? '');
  if (!to) throw new StanzaError('jid-malformed', { text: `the ${element.name} needs a valid to` });
  const reason = element.getChildText('reason') ?? undefined;
  return { kind: element.name as 'invite' | 'decline', to, ...(reason !== undefined && { reason }) };
}

export function invitationMessage(input: {
  room: string;
  to: string;
  kind: 'invite' | 'decline';
  from: string;
  reason?: string;
  password?: string;
}): Element {
  const { room, kind, reason } = input;
  return xml(
    'message',
    { from: room, to: input.to },
    xml(
      'x',
      { xmlns: MUC_USER },
      xml(kind, { from: input.from }, ...(reason !== undefined ? [xml('reason', {}, reason)] : [])),
      ...(input.password ? [xml('password', {}, input.password)] : []),
    ),
    ...(kind === 'invite'
      ? [
          xml('body', {}, `${input.from} invites you to the room ${room}${reason ? `: ${reason}` : ''}`),
          xml('x', { xmlns: DIRECT_INVITE, jid: room }),
        ]
      : []),
  );
}

/** The registration form (§7.10) or, when registered, the nickname. */
export function registrationForm(nick: string | undefined): Element {
  if (nick !== undefined)
    return xml('query', { xmlns: REGISTER }, xml('registered'), xml('username', {}, nick));
  return xml(
    'query',
    { xmlns: REGISTER },
    xml('instructions', {}, 'Choose the nickname you will be known by in this room.'),
    xml(
      'x',
      { xmlns: DATA_FORMS, type: 'form' },
      xml('field', { var: 'FORM_TYPE', type: 'hidden' }, xml('value', {}, MUC_REGISTER)),
      xml('field', { var: 'muc#register_roomnick', type: 'text-single', label: 'Nickname' }, xml('required')),
    ),
  );
}

/** The nickname of a registration request, or `remove` (XEP-0077 §3.2 cancellation). */
export function parseRegistration(query: Element): { nick: string } | 'remove' {
  if (query.getChild('remove')) return 'remove';
  const form = query.getChild('x', DATA_FORMS);
  if (form && attr(form, 'type') === 'cancel') return 'remove';
  const nick = form ? formValues(form).get('muc#register_roomnick') : query.getChildText('username');
  if (!nick?.trim()) throw notAcceptable('the nickname (muc#register_roomnick) is required');
  return { nick: nick.trim() };
}

/** The muc#roominfo form of a room's disco#info (§6.4). */
export function roomInfoForm(input: { description: string; occupants: number; subject: string }): Element {
  const value = (name: string, text: string) => xml('field', { var: name }, xml('value', {}, text));
  return xml(
    'x',
    { xmlns: DATA_FORMS, type: 'result' },
    xml('field', { var: 'FORM_TYPE', type: 'hidden' }, xml('value', {}, MUC_ROOMINFO)),
    value('muc#roominfo_description', input.description),
    value('muc#roominfo_occupants', String(input.occupants)),
    value('muc#roominfo_subject', input.subject),
  );
}

/** True for a form the owner submits to accept the defaults: an instant room (§10.1.2). */
export function isEmptySubmit(form: Element): boolean {
  return (
    attr(form, 'type') === 'submit' && form.getChildren('field').every((f) => attr(f, 'var') === 'FORM_TYPE')
  );
}

export function ownerForm(query: Element): Element | undefined {
  return query.getChild('x', DATA_FORMS);
}
