/**
 * XEP-0398: an avatar published with XEP-0084 becomes the vCard photo, and a vCard photo set with
 * vcard-temp is published as XEP-0084 data and metadata, so old and new clients see one avatar.
 * The two sides talk through events (the vCard is the vcard module's); each skips a change it
 * already has, which ends the round trip.
 */
import { createHash } from 'node:crypto';
import { attr, parseStoredElement, xml, type Element } from '../../stanza/index.js';
import { HookPriority, type ModuleContext } from '../../core/index.js';
import type { PepRepository } from './pep.repository.js';
import { ownerJid, type PepOwner, type PepService } from './pep-service.js';

export const AVATAR_DATA = 'urn:xmpp:avatar:data';
export const AVATAR_METADATA = 'urn:xmpp:avatar:metadata';
export const PEP_VCARD_CONVERSION = 'urn:xmpp:pep-vcard-conversion:0';

/** XEP-0084 §4.2: an avatar's id is the SHA-1 of its bytes, in hex. */
export const avatarId = (data: Buffer) => createHash('sha1').update(data).digest('hex');

export function createAvatarConversion(ctx: ModuleContext, service: PepService, repository: PepRepository) {
  ctx.feature(PEP_VCARD_CONVERSION, 'account');

  /** Called after a metadata item was published: tells the vCard side what the avatar now is. */
  async function metadataPublished(owner: PepOwner, metadata: Element): Promise<void> {
    const info = metadata.getChildren('info').find((i) => !attr(i, 'url'));
    if (!info) {
      await ctx.fire('pep/avatar-changed', { ...owner, photo: null });
      return;
    }
    const id = attr(info, 'id');
    const [data] = id
      ? await repository.items(owner.host.id, owner.username, AVATAR_DATA, { ids: [id] })
      : [];
    const element = data && parseStoredElement(data.payload);
    if (!element) return;
    const bytes = Buffer.from(element.text().replace(/\s+/g, ''), 'base64');
    await ctx.fire('pep/avatar-changed', {
      ...owner,
      photo: { type: attr(info, 'type') ?? 'image/png', data: bytes },
    });
  }

  ctx.hook('vcard/photo-changed', HookPriority.handle, async ({ host, username, photo }) => {
    const owner = { host, username };
    const [current] = await repository.items(host.id, username, AVATAR_METADATA, { max: 1 });
    const currentInfo = current && parseStoredElement(current.payload)?.getChild('info');
    const currentId = currentInfo ? attr(currentInfo, 'id') : undefined;
    const publisher = ownerJid(owner);
    if (!photo) {
      if (currentId)
        await service.publish(
          owner,
          AVATAR_METADATA,
          { id: 'current', payload: xml('metadata', { xmlns: AVATAR_METADATA }) },
          new Map(),
          publisher,
        );
      return true;
    }
    const id = avatarId(photo.data);
    if (currentId === id) return true;
    await service.publish(
      owner,
      AVATAR_DATA,
      { id, payload: xml('data', { xmlns: AVATAR_DATA }, photo.data.toString('base64')) },
      new Map(),
      publisher,
    );
    await service.publish(
      owner,
      AVATAR_METADATA,
      {
        id,
        payload: xml(
          'metadata',
          { xmlns: AVATAR_METADATA },
          xml('info', { id, bytes: String(photo.data.length), type: photo.type }),
        ),
      },
      new Map(),
      publisher,
    );
    return true;
  });

  return { metadataPublished };
}
