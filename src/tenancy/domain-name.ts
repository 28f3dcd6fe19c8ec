import { isIP } from 'node:net';
import { domainToASCII, domainToUnicode } from 'node:url';
import { AppError } from '../lib/errors.js';

const MAX_DOMAIN_LENGTH = 253;
const MAX_LABEL_LENGTH = 63;
const LDH_LABEL = /^[a-z0-9](?:[a-z0-9-]*[a-z0-9])?$/;
/**
 * ASCII other than letters, digits, hyphen and dot has no business in a host name. Checked before
 * IDNA because the WHATWG conversion reads some of it as URL syntax: `a/b.com` would come back as
 * `a`, `a:80` as empty.
 */
const FORBIDDEN_ASCII = /[^\P{ASCII}A-Za-z0-9.-]/u;

/**
 * Turns what a customer typed into the one form we store and match on: IDNA (UTS #46) lowercase
 * A-labels, no trailing dot. Only names under a registrable suffix are accepted: IP literals,
 * single labels and underscores (service names such as `_xmpp-client`) are refused.
 */
export function normalizeDomain(input: string): string {
  const withoutRoot = input.endsWith('.') ? input.slice(0, -1) : input;
  if (withoutRoot === '' || FORBIDDEN_ASCII.test(withoutRoot) || isIP(withoutRoot) !== 0)
    throw invalid(input);
  const ascii = domainToASCII(withoutRoot);
  // The conversion also reads legacy numeric forms (0x7f.1 → 127.0.0.1), so check its output too.
  if (ascii === '' || isIP(ascii) !== 0 || ascii.length > MAX_DOMAIN_LENGTH) throw invalid(input);
  const labels = ascii.split('.');
  if (labels.length < 2) throw invalid(input);
  for (const label of labels) {
    if (label.length > MAX_LABEL_LENGTH || !LDH_LABEL.test(label)) throw invalid(input);
  }
  if (/^[0-9]+$/.test(labels[labels.length - 1]!)) throw invalid(input);
  return ascii;
}

/** The readable form for the dashboard (`xn--bcher-kva.example` → `bücher.example`). */
export function displayDomain(asciiDomain: string): string {
  return domainToUnicode(asciiDomain) || asciiDomain;
}

/**
 * Staff search by part of a domain. Domains are stored as A-labels, so a Unicode term is converted
 * label by label where it can be (`bücher` finds `xn--bcher-kva.example`).
 */
export function domainSearchTerm(search: string | undefined): string | undefined {
  const term = search?.trim().toLowerCase();
  if (!term) return undefined;
  return term
    .split('.')
    .map((label) => (/^[\x20-\x7e]*$/.test(label) ? label : domainToASCII(label) || label))
    .join('.');
}

/** For lookups by a name that came from outside (a stream header, SNI): an invalid name is no host. */
export function tryNormalizeDomain(input: string): string | null {
  try {
    return normalizeDomain(input);
  } catch {
    return null;
  }
}

function invalid(input: string): AppError {
  return new AppError('domain_invalid', { details: { domain: input.slice(0, 300) } });
}
