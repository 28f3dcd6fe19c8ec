/**
 * JIDs (RFC 7622). The localpart gets the PRECIS UsernameCaseMapped treatment approximated the
 * same way tenancy normalises usernames (width mapping, lowercase, NFC, no spaces or JID delimiters); the domain
 * is lowercased (hosts are stored as IDNA A-labels); the resourcepart keeps its case (NFC only).
 */
export interface Jid {
  readonly local: string;
  readonly domain: string;
  readonly resource: string;
}

const MAX_PART_BYTES = 1023;
// Characters RFC 7622 §3.3.1 forbids in a localpart, plus whitespace and controls.
const FORBIDDEN_LOCAL = /[\s"&'/:<>@\p{Cc}]/u;
const FORBIDDEN_ANY = /\p{Cc}/u;
const DOMAIN_LABEL = /^[\p{L}\p{N}](?:[\p{L}\p{N}-]*[\p{L}\p{N}])?$/u;

export class JidError extends Error {
  constructor(readonly input: string) {
    super(`malformed JID: ${input.slice(0, 100)}`);
    this.name = 'JidError';
  }
}

function tooLong(part: string): boolean {
  return Buffer.byteLength(part) > MAX_PART_BYTES;
}

/** Fullwidth and halfwidth forms: the only characters PRECIS width mapping changes. */
const WIDTH_VARIANT = /[\uFF01-\uFFEE]/gu;

export function normalizeLocal(raw: string): string {
  const local = raw
    .replace(WIDTH_VARIANT, (c) => c.normalize('NFKC'))
    .toLowerCase()
    .normalize('NFC');
  if (local === '' || tooLong(local) || FORBIDDEN_LOCAL.test(local)) throw new JidError(raw);
  return local;
}

export function normalizeDomainPart(raw: string): string {
  const domain = (raw.endsWith('.') ? raw.slice(0, -1) : raw).normalize('NFC').toLowerCase();
  if (domain === '' || tooLong(domain)) throw new JidError(raw);
  // IPv4 literals and bracketed IPv6 are valid domainparts; everything else is dotted labels.
  if (/^\[[0-9a-f:.]+\]$/.test(domain)) return domain;
  for (const label of domain.split('.'))
    if (label.length > 63 || !DOMAIN_LABEL.test(label)) throw new JidError(raw);
  return domain;
}

export function normalizeResource(raw: string): string {
  const resource = raw.normalize('NFC');
  if (resource === '' || tooLong(resource) || FORBIDDEN_ANY.test(resource)) throw new JidError(raw);
  return resource;
}

/**
 * Parsed JIDs by their text: the same few addresses come with every stanza, and normalising them
 * (Unicode regexps, NFC) is a measurable share of routing a message. Bounded like the host cache;
 * Jid is immutable, so one object can serve every caller.
 */
const parsed = new Map<string, Jid>();
const MAX_PARSED = 10_000;

export function parseJid(input: string): Jid {
  const cached = parsed.get(input);
  if (cached) return cached;
  const result = Object.freeze(parseUncached(input));
  if (parsed.size >= MAX_PARSED) parsed.clear();
  parsed.set(input, result);
  return result;
}

function parseUncached(input: string): Jid {
  const slash = input.indexOf('/');
  const bare = slash === -1 ? input : input.slice(0, slash);
  const resource = slash === -1 ? '' : normalizeResource(input.slice(slash + 1));
  const at = bare.indexOf('@');
  const local = at === -1 ? '' : normalizeLocal(bare.slice(0, at));
  const domain = normalizeDomainPart(at === -1 ? bare : bare.slice(at + 1));
  return { local, domain, resource };
}

/** Returns undefined instead of throwing, for attributes from the wire. */
export function tryParseJid(input: string): Jid | undefined {
  try {
    return parseJid(input);
  } catch (error) {
    if (error instanceof JidError) return undefined;
    throw error;
  }
}

export function jid(local: string, domain: string, resource = ''): Jid {
  return { local, domain, resource };
}

export function bareOf(j: Jid): Jid {
  return j.resource === '' ? j : { local: j.local, domain: j.domain, resource: '' };
}

export function formatBare(j: Jid): string {
  return j.local === '' ? j.domain : `${j.local}@${j.domain}`;
}

export function formatJid(j: Jid): string {
  const bare = formatBare(j);
  return j.resource === '' ? bare : `${bare}/${j.resource}`;
}

export function sameBare(a: Jid, b: Jid): boolean {
  return a.local === b.local && a.domain === b.domain;
}

export function sameJid(a: Jid, b: Jid): boolean {
  return sameBare(a, b) && a.resource === b.resource;
}
