/**
 * What a test waits for or looks for among the elements a client received: a pattern of name,
 * namespace, attributes, text and descendants, compared on parsed elements (attribute order,
 * quoting and whitespace do not matter), and described in words for the message of a failed wait.
 */
import type { Element } from '../../src/xmpp/stanza/index.js';

export interface ElementPattern {
  /** With its prefix, as sent: `message`, `stream:features`, `stream:error`. */
  name?: string;
  /** The namespace in effect: the element's own `xmlns` or the nearest ancestor's. */
  xmlns?: string;
  /** Attribute values: a string is compared exactly, a RegExp must match, null means absent. */
  attrs?: Record<string, string | RegExp | null>;
  /** The element's own text (not its descendants'). */
  text?: string | RegExp;
  /** Each of these must match one of its descendants, at any depth. */
  has?: Match | readonly Match[];
}

/** A test of its own, with the words a failed wait prints for it. */
export interface Predicate {
  (element: Element): boolean;
  readonly description: string;
}

export type Match = ElementPattern | Predicate;

export function where(description: string, test: (element: Element) => boolean): Predicate {
  return Object.assign((element: Element) => test(element), { description });
}

export function anyOf(...alternatives: Match[]): Predicate {
  return where(alternatives.map(describeMatch).join(' or '), (element) =>
    alternatives.some((alternative) => matches(element, alternative)),
  );
}

const childrenOf = (element: Element): Element[] =>
  element.children.filter((c): c is Element => typeof c !== 'string');

function namespaceOf(element: Element): string | undefined {
  for (let e: Element | null = element; e; e = e.parent) {
    const xmlns: unknown = e.attrs.xmlns;
    if (typeof xmlns === 'string') return xmlns;
  }
  return undefined;
}

function fits(value: string | undefined, expected: string | RegExp | null): boolean {
  if (expected === null) return value === undefined;
  if (value === undefined) return false;
  return typeof expected === 'string' ? value === expected : expected.test(value);
}

function hasDescendant(element: Element, match: Match): boolean {
  return childrenOf(element).some((child) => matches(child, match) || hasDescendant(child, match));
}

export function matches(element: Element, match: Match): boolean {
  if (typeof match === 'function') return match(element);
  if (match.name !== undefined && element.name !== match.name) return false;
  if (match.xmlns !== undefined && namespaceOf(element) !== match.xmlns) return false;
  for (const [name, expected] of Object.entries(match.attrs ?? {})) {
    const value: unknown = element.attrs[name];
    if (!fits(typeof value === 'string' ? value : undefined, expected)) return false;
  }
  if (match.text !== undefined && !fits(element.text(), match.text)) return false;
  const descendants = match.has === undefined ? [] : Array.isArray(match.has) ? match.has : [match.has];
  return descendants.every((descendant: Match) => hasDescendant(element, descendant));
}

const shown = (value: string | RegExp | null) =>
  value === null ? '(absent)' : typeof value === 'string' ? `'${value}'` : String(value);

/** `<message type='error'> containing <service-unavailable/>`, for the message of a failed wait. */
export function describeMatch(match: Match): string {
  if (typeof match === 'function') return match.description;
  const attrs = Object.entries({ ...(match.xmlns && { xmlns: match.xmlns }), ...match.attrs }).map(
    ([name, value]) => ` ${name}=${shown(value)}`,
  );
  const text = match.text === undefined ? '' : ` with text ${shown(match.text)}`;
  const descendants = match.has === undefined ? [] : Array.isArray(match.has) ? match.has : [match.has];
  const inner = descendants.length
    ? ` containing ${descendants.map((d: Match) => describeMatch(d)).join(' and ')}`
    : '';
  return `<${match.name ?? '*'}${attrs.join('')}>${text}${inner}`;
}

const STANZAS = 'urn:ietf:params:xml:ns:xmpp-stanzas';
const STREAMS = 'urn:ietf:params:xml:ns:xmpp-streams';

/** A stream error with this condition (RFC 6120 §4.9.3). */
export const streamError = (condition: string, more: Match[] = []): ElementPattern => ({
  name: 'stream:error',
  has: [{ name: condition, xmlns: STREAMS }, ...more],
});

/** A stanza of type error with this condition (RFC 6120 §8.3.3). */
export const stanzaError = (name: string, condition: string, attrs: ElementPattern['attrs'] = {}) => ({
  name,
  attrs: { ...attrs, type: 'error' },
  has: { name: 'error', has: { name: condition, xmlns: STANZAS } },
});

/** A message with this body. */
export const messageWith = (body: string | RegExp, attrs: ElementPattern['attrs'] = {}): ElementPattern => ({
  name: 'message',
  attrs,
  has: { name: 'body', text: body },
});
