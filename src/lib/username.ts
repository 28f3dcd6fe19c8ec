import { AppError } from './errors.js';

const MAX_LOCALPART_BYTES = 1023;
/** Fullwidth and halfwidth forms (U+FF01–U+FFEE): the only characters the width mapping touches. */
const WIDTH_VARIANT = /[\uFF01-\uFFEE]/gu;
/**
 * PRECIS IdentifierClass, approximated with Unicode properties: the exact class (RFC 8264 §9) is
 * derived from Unicode tables we do not ship. Letters, marks and decimal digits stand for
 * LetterDigits; printable ASCII (0x21–0x7E) is allowed as the RFC allows it. Spaces, symbols,
 * punctuation outside ASCII, controls and unassigned code points all fail.
 */
const IDENTIFIER_CLASS = /^[\p{L}\p{M}\p{Nd}\x21-\x7E]+$/u;
/** RFC 7622 §3.3.1: these may not appear in a localpart even though the IdentifierClass has them. */
const LOCALPART_FORBIDDEN = /["&'/:<>@]/;
/** Names every step below leaves as they are: checked first, as nearly every login's name is one. */
const ALREADY_NORMAL = /^[a-z0-9._-]+$/;

/**
 * An XMPP localpart under the PRECIS UsernameCaseMapped profile (RFC 8265 §3.3): width mapping,
 * lowercase, NFC, then the IdentifierClass check. Two spellings that map to the same result are the
 * same account, so this runs on every username we store or look up.
 */
export function normalizeUsername(input: string): string {
  if (input.length <= MAX_LOCALPART_BYTES && ALREADY_NORMAL.test(input)) return input;
  const widthMapped = input.replace(WIDTH_VARIANT, (char) => char.normalize('NFKC'));
  const username = widthMapped.toLowerCase().normalize('NFC');
  if (
    username.length === 0 ||
    Buffer.byteLength(username, 'utf8') > MAX_LOCALPART_BYTES ||
    !IDENTIFIER_CLASS.test(username) ||
    LOCALPART_FORBIDDEN.test(username)
  ) {
    throw new AppError('username_invalid', { details: { username: input.slice(0, 100) } });
  }
  return username;
}

/** For lookups by a name that came from outside (a URL, a stanza): an invalid name matches nobody. */
export function tryNormalizeUsername(input: string): string | null {
  try {
    return normalizeUsername(input);
  } catch {
    return null;
  }
}
