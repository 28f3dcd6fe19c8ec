/**
 * The elements of XEP-0198 stream management (`urn:xmpp:sm:3`), parsed and built. Counters are
 * unsigned 32-bit integers that wrap (§5).
 */
import { attr, NS, StreamError, xml, type Element } from '../../stanza/index.js';

export const SM = 'urn:xmpp:sm:3';

export type SmRequest =
  | { kind: 'enable'; isResumeWanted: boolean; maxSeconds: number | undefined }
  | { kind: 'resume'; previd: string; h: number }
  | { kind: 'request' }
  | { kind: 'answer'; h: number };

/** A counter as the XEP writes it: a decimal from 0 to 2^32 - 1; undefined when it is not one. */
export function parseCounter(text: string | undefined): number | undefined {
  if (text === undefined || !/^\d{1,10}$/.test(text)) return undefined;
  const value = Number(text);
  return value <= 0xffff_ffff ? value : undefined;
}

/** The request an element makes; undefined for one that is malformed or unknown. */
export function parseSmRequest(element: Element): SmRequest | undefined {
  switch (element.name) {
    case 'enable': {
      const resume = attr(element, 'resume');
      const max = parseCounter(attr(element, 'max'));
      return { kind: 'enable', isResumeWanted: resume === 'true' || resume === '1', maxSeconds: max };
    }
    case 'resume': {
      const previd = attr(element, 'previd');
      const h = parseCounter(attr(element, 'h'));
      return previd && h !== undefined ? { kind: 'resume', previd, h } : undefined;
    }
    case 'r':
      return { kind: 'request' };
    case 'a': {
      const h = parseCounter(attr(element, 'h'));
      return h === undefined ? undefined : { kind: 'answer', h };
    }
    default:
      return undefined;
  }
}

export function enabledElement(id: string | undefined, maxSeconds: number): Element {
  return id === undefined
    ? xml('enabled', { xmlns: SM })
    : xml('enabled', { xmlns: SM, id, resume: 'true', max: String(maxSeconds) });
}

export function resumedElement(previd: string, h: number): Element {
  return xml('resumed', { xmlns: SM, previd, h: String(h) });
}

export type FailedCondition =
  'bad-request' | 'item-not-found' | 'unexpected-request' | 'feature-not-implemented';

/** `<failed/>` with a stanza error condition (§3, §5); `h` tells the client what was handled. */
export function failedElement(condition: FailedCondition, h?: number): Element {
  return xml(
    'failed',
    h === undefined ? { xmlns: SM } : { xmlns: SM, h: String(h) },
    xml(condition, { xmlns: NS.stanzas }),
  );
}

export const ackRequest = (): Element => xml('r', { xmlns: SM });

export const ackAnswer = (h: number): Element => xml('a', { xmlns: SM, h: String(h) });

/** The client acknowledged stanzas it was never sent (§4, example 6). */
export function handledCountTooHigh(h: number, sendCount: number): StreamError {
  return new StreamError('undefined-condition', {
    text: `you acknowledged ${h} stanzas, but only ${sendCount} were sent`,
    appCondition: xml('handled-count-too-high', { xmlns: SM, h: String(h), 'send-count': String(sendCount) }),
  });
}

/** XEP-0280 copies, which are never handed on again: their original went elsewhere. */
export const CARBONS_NS = 'urn:xmpp:carbons:2';
