import { createHash } from 'node:crypto';
import { xml, type Element } from '../../stanza/index.js';

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

/** The decoded PHOTO of a vCard, or null without one. */
export function photoOf(vcard: Element): { type: string; data: Buffer } | null {
  const photo = vcard.getChild('PHOTO');
  const binval = photo?.getChildText('BINVAL');
  if (!photo || !binval) return null;
  return {
    type: photo.getChildText('TYPE') ?? 'image/png',
    data: Buffer.from(binval.replace(/\s+/g, ''), 'base64'),
  };
}

/** The vCard with its PHOTO replaced (removed for null); a new vCard when there was none. */
export function withPhoto(
  vcard: Element | null | undefined,
  photo: { type: string; data: Buffer } | null,
): Element {
  const result = xml('vCard', { xmlns: VCARD });
  for (const child of vcard?.getChildElements() ?? []) if (child.name !== 'PHOTO') result.cnode(child);
  if (photo)
    result.cnode(
      xml('PHOTO', {}, xml('TYPE', {}, photo.type), xml('BINVAL', {}, photo.data.toString('base64'))),
    );
  return result;
}
