import { createHash } from 'node:crypto';
import type { Element } from '../../stanza/index.js';

export const VCARD = 'vcard-temp';
export const VCARD_UPDATE = 'vcard-temp:x:update';

/** XEP-0153: the avatar hash is the SHA-1 of the decoded PHOTO/BINVAL; null when there is no photo. */
export function photoHashOf(vcard: Element): string | null {
  const binval = vcard.getChild('PHOTO')?.getChildText('BINVAL');
  if (!binval) return null;
  return createHash('sha1')
    .update(Buffer.from(binval.replace(/\s+/g, ''), 'base64'))
    .digest('hex');
}
