/**
 * The elements of XEP-0313 (query form, results, fin, prefs), XEP-0059 result set management and
 * XEP-0359 stanza ids. Parsers validate everything a handler relies on and throw `bad-request` for
 * a malformed request, so handlers see typed values only.
 */
import { attr, Element, formatJid, NS, StanzaError, tryParseJid, xml, type Jid } from '../../stanza/index.js';

export const MAM = 'urn:xmpp:mam:2';
/** The `ids`, `before-id` and `after-id` fields, `<flip-page/>` and the metadata query (XEP-0313 §7). */
export const MAM_EXTENDED = 'urn:xmpp:mam:2#extended';
export const SID = 'urn:xmpp:sid:0';
export const RSM = 'http://jabber.org/protocol/rsm';
export const FORWARD = 'urn:xmpp:forward:0';
const DATA_FORMS = 'jabber:x:data';

/**
 * Where a page starts: after an item (or at the start), before one (or at the end), or at a
 * position counted from the start (XEP-0059 §2.5, `<index/>`).
 */
export type PageCursor =
  | { direction: 'forward'; after?: string }
  | { direction: 'backward'; before?: string }
  | { direction: 'index'; index: number };

export interface ArchiveQuery {
  queryId?: string;
  with?: Jid;
  /** XEP-0082 times as ISO strings, both inclusive. */
  start?: string;
  end?: string;
  /** Only items after / before these archive ids (XEP-0313 §4.1.1 extended fields). */
  afterId?: string;
  beforeId?: string;
  /** Only these items (the `ids` field); every one must be in the archive. */
  ids?: string[];
  /** Send the page newest first (`<flip-page/>`); it is the same page. */
  isFlipped?: boolean;
  /** Undefined: the server's default page size. */
  max?: number;
  cursor: PageCursor;
}

export type ArchiveDefault = 'always' | 'never' | 'roster';

export interface ArchivePrefs {
  default: ArchiveDefault;
  always: string[];
  never: string[];
}

/** Fields a query form may carry, as the form we advertise lists them. */
const FIELDS = ['with', 'start', 'end', 'after-id', 'before-id', 'ids'] as const;
type Field = (typeof FIELDS)[number];
/** Fields that take several values. */
const MULTI_FIELDS: readonly string[] = ['ids'];
/** Most ids one query may name: a page's worth. */
export const MAX_IDS = 1000;

function badRequest(text: string): StanzaError {
  return new StanzaError('bad-request', { text });
}

const DATE_TIME = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(\.\d+)?(Z|[+-]\d{2}:[0-5]\d)$/;

/** A XEP-0082 DateTime as an ISO string in UTC, or undefined if it is not one. */
export function parseDateTime(text: string): string | undefined {
  const match = DATE_TIME.exec(text);
  if (!match) return undefined;
  const [year, month, day, hour, minute, second] = match.slice(1, 7).map(Number) as [
    number,
    number,
    number,
    number,
    number,
    number,
  ];
  // Date rolls 30 February over into March; a real calendar date survives the round trip.
  const fields = new Date(Date.UTC(year, month - 1, day, hour, minute, second));
  if (
    fields.getUTCFullYear() !== year ||
    fields.getUTCMonth() !== month - 1 ||
    fields.getUTCDate() !== day ||
    fields.getUTCHours() !== hour ||
    fields.getUTCMinutes() !== minute ||
    fields.getUTCSeconds() !== second
  )
    return undefined;
  return new Date(text).toISOString();
}

function readForm(payload: Element): Partial<Record<Field, string[]>> {
  const form = payload.getChild('x', DATA_FORMS);
  if (!form) return {};
  if (attr(form, 'type') !== 'submit') throw badRequest('the query form must be of type submit');
  const values: Partial<Record<Field | 'FORM_TYPE', string[]>> = {};
  for (const field of form.getChildren('field')) {
    const name = attr(field, 'var') ?? '';
    // XEP-0313 §4.1.5: a field the server does not know is not implemented.
    if (name !== 'FORM_TYPE' && !(FIELDS as readonly string[]).includes(name))
      throw new StanzaError('feature-not-implemented', { text: `unsupported field ${name.slice(0, 64)}` });
    const fieldValues = field.getChildren('value').map((v) => v.getText());
    if (name in values) throw badRequest(`field ${name} is given twice`);
    if (fieldValues.some((value) => value === '')) throw badRequest(`field ${name} has an empty value`);
    if (MULTI_FIELDS.includes(name) ? fieldValues.length === 0 : fieldValues.length !== 1)
      throw badRequest(
        `field ${name} needs ${MULTI_FIELDS.includes(name) ? 'a value' : 'exactly one value'}`,
      );
    values[name as Field] = fieldValues;
  }
  if (values.FORM_TYPE !== undefined && values.FORM_TYPE[0] !== MAM)
    throw badRequest(`FORM_TYPE must be ${MAM}`);
  const { FORM_TYPE: _formType, ...fields } = values;
  return fields;
}

function readPage(payload: Element): Pick<ArchiveQuery, 'max' | 'cursor'> {
  const set = payload.getChild('set', RSM);
  if (!set) return { cursor: { direction: 'forward' } };
  const maxText = set.getChild('max')?.getText();
  if (maxText !== undefined && !/^\d{1,9}$/.test(maxText)) throw badRequest('max must be a number');
  const max = maxText === undefined ? undefined : Number(maxText);
  const after = set.getChild('after');
  const before = set.getChild('before');
  const index = set.getChild('index');
  if ([after, before, index].filter(Boolean).length > 1)
    throw badRequest('a page is after an item, before one, or at an index');
  if (index) {
    const text = index.getText();
    if (!/^\d{1,9}$/.test(text)) throw badRequest('index must be a number');
    return { max, cursor: { direction: 'index', index: Number(text) } };
  }
  if (before) {
    const id = before.getText();
    return { max, cursor: id === '' ? { direction: 'backward' } : { direction: 'backward', before: id } };
  }
  if (after) {
    const id = after.getText();
    if (id === '') throw badRequest('after names an item');
    return { max, cursor: { direction: 'forward', after: id } };
  }
  return { max, cursor: { direction: 'forward' } };
}

/** The `<query/>` of an archive query IQ set. */
export function parseQuery(payload: Element): ArchiveQuery {
  const fields = readForm(payload);
  const query: ArchiveQuery = readPage(payload);
  const queryId = attr(payload, 'queryid');
  if (queryId !== undefined) query.queryId = queryId;
  if (payload.getChild('flip-page')) query.isFlipped = true;
  const one = (name: Exclude<Field, 'ids'>) => fields[name]?.[0];
  const withJid = one('with');
  if (withJid !== undefined) {
    const peer = tryParseJid(withJid);
    if (!peer) throw badRequest('with is not a JID');
    query.with = peer;
  }
  for (const name of ['start', 'end'] as const) {
    const text = one(name);
    if (text === undefined) continue;
    const time = parseDateTime(text);
    if (!time) throw badRequest(`${name} is not a XEP-0082 date and time`);
    query[name] = time;
  }
  const afterId = one('after-id');
  const beforeId = one('before-id');
  if (afterId !== undefined) query.afterId = afterId;
  if (beforeId !== undefined) query.beforeId = beforeId;
  if (fields.ids !== undefined) {
    const ids = [...new Set(fields.ids)];
    if (ids.length > MAX_IDS) throw badRequest(`at most ${MAX_IDS} ids in one query`);
    query.ids = ids;
  }
  return query;
}

/** The form a client gets when it asks which fields a query may use (XEP-0313 §4.1.5). */
export function queryForm(): Element {
  const field = (name: string, type: string) => xml('field', { var: name, type });
  return xml(
    'query',
    { xmlns: MAM },
    xml(
      'x',
      { xmlns: DATA_FORMS, type: 'form' },
      xml('field', { var: 'FORM_TYPE', type: 'hidden' }, xml('value', {}, MAM)),
      field('with', 'jid-single'),
      field('start', 'text-single'),
      field('end', 'text-single'),
      field('after-id', 'text-single'),
      field('before-id', 'text-single'),
      // XEP-0313 §4.1.5: the list is open; the server never lists the ids (XEP-0122).
      xml(
        'field',
        { var: 'ids', type: 'list-multi' },
        xml(
          'validate',
          { xmlns: 'http://jabber.org/protocol/xdata-validate', datatype: 'xs:string' },
          xml('open'),
        ),
      ),
    ),
  );
}

/** The first and last items of an archive (XEP-0313 §7); an empty archive names neither. */
export function metadataElement(edges: { start: Edge; end: Edge } | undefined): Element {
  const edge = (name: string, item: Edge) => xml(name, { id: item.id, timestamp: item.stamp });
  return xml(
    'metadata',
    { xmlns: MAM },
    ...(edges ? [edge('start', edges.start), edge('end', edges.end)] : []),
  );
}

export interface Edge {
  id: string;
  /** XEP-0082 date and time. */
  stamp: string;
}

/** One archived message as the querying client receives it (XEP-0313 §4.2, XEP-0297, XEP-0203). */
export function resultMessage(input: {
  to: string;
  from: string;
  id: string;
  queryId: string | undefined;
  archiveId: string;
  stamp: string;
  message: Element;
}): Element {
  const { message } = input;
  if (attr(message, 'xmlns') === undefined) message.attrs.xmlns = NS.client;
  const resultAttrs: Record<string, string> = { xmlns: MAM, id: input.archiveId };
  if (input.queryId !== undefined) resultAttrs.queryid = input.queryId;
  return xml(
    'message',
    { to: input.to, from: input.from, id: input.id },
    xml(
      'result',
      resultAttrs,
      xml('forwarded', { xmlns: FORWARD }, xml('delay', { xmlns: NS.delay, stamp: input.stamp }), message),
    ),
  );
}

/** The IQ result that ends a query, with the XEP-0059 summary of the page. */
export function finElement(input: {
  queryId: string | undefined;
  isComplete: boolean;
  count: number;
  page?: { first: string; last: string; index: number };
}): Element {
  const attrs: Record<string, string> = { xmlns: MAM };
  if (input.queryId !== undefined) attrs.queryid = input.queryId;
  if (input.isComplete) attrs.complete = 'true';
  const set = xml('set', { xmlns: RSM });
  if (input.page) {
    set.cnode(xml('first', { index: String(input.page.index) }, input.page.first));
    set.cnode(xml('last', {}, input.page.last));
  }
  set.cnode(xml('count', {}, String(input.count)));
  return xml('fin', attrs, set);
}

/** XEP-0359: the archive id a delivered message carries, stamped by the archiving account. */
export function stanzaIdElement(by: string, id: string): Element {
  return xml('stanza-id', { xmlns: SID, by, id });
}

/** Drops stanza ids that claim to come from `by`: only that archive may assign them (XEP-0359 §5). */
export function removeStanzaIds(message: Element, by: string): void {
  message.children = message.children.filter(
    (child) =>
      !(
        child instanceof Element &&
        child.name === 'stanza-id' &&
        attr(child, 'xmlns') === SID &&
        attr(child, 'by') === by
      ),
  );
}

const DEFAULTS: readonly string[] = ['always', 'never', 'roster'];

function readJids(list: Element | undefined): string[] {
  if (!list) return [];
  const jids = new Set<string>();
  for (const item of list.getChildren('jid')) {
    const parsed = tryParseJid(item.getText());
    if (!parsed) throw badRequest('not a JID in the preferences');
    jids.add(formatJid(parsed));
  }
  return [...jids].sort();
}

/** A `<prefs/>` set (XEP-0313 §6.1). */
export function parsePrefs(payload: Element): ArchivePrefs {
  const mode = attr(payload, 'default') ?? '';
  if (!DEFAULTS.includes(mode)) throw badRequest('default is always, never or roster');
  return {
    default: mode as ArchiveDefault,
    always: readJids(payload.getChild('always')),
    never: readJids(payload.getChild('never')),
  };
}

export function prefsElement(prefs: ArchivePrefs): Element {
  const list = (name: string, jids: string[]) => xml(name, {}, ...jids.map((j) => xml('jid', {}, j)));
  return xml(
    'prefs',
    { xmlns: MAM, default: prefs.default },
    list('always', prefs.always),
    list('never', prefs.never),
  );
}
