/**
 * XEP-0054 vcard-temp (anyone may read an account's vCard, only its owner may write it) with
 * XEP-0153 avatar hashes: the server stamps the owner's broadcast presence with the current hash,
 * so contacts learn of a new avatar without every client having to do it.
 */
import { parseStoredElement, xml } from '../../stanza/index.js';
import { defineModule, HookPriority, ownSession, type AvatarEvent } from '../../core/index.js';
import { photoHashOf, photoOf, withPhoto, VCARD, VCARD_UPDATE } from './vcard-codec.js';
import { createVcardRepository } from './vcard.repository.js';

export const vcardModule = defineModule({
  name: 'vcard',
  implements: [
    { spec: 'XEP-0054', version: '1.2' },
    { spec: 'XEP-0153', version: '1.1', note: 'server adds the photo hash to presence' },
    { spec: 'XEP-0398', version: '0.2.1', note: 'with the pep module: vCard photo ⇄ PEP avatar' },
  ],
  options: {},
  setup(ctx) {
    const repository = ctx.storage(createVcardRepository);
    ctx.feature(VCARD);

    ctx.iq({ target: 'account', type: 'get', xmlns: VCARD, name: 'vCard' }, async (request) => {
      const stored = await repository.find(request.host.id, request.to.local);
      return (stored && parseStoredElement(stored.vcard)) || xml('vCard', { xmlns: VCARD });
    });

    ctx.iq({ target: 'account', type: 'set', xmlns: VCARD, name: 'vCard' }, async (request) => {
      ownSession(request);
      const vcard = request.payload;
      const photoHash = photoHashOf(vcard);
      const before = await repository.photoHash(request.host.id, request.to.local);
      await repository.save(
        request.host.id,
        request.to.local,
        vcard.toString(),
        photoHash,
        ctx.clock.now().toISOString(),
      );
      // XEP-0398: the PEP avatar follows (the pep module publishes it, when loaded).
      if (photoHash !== (before ?? null))
        await ctx.fire('vcard/photo-changed', {
          host: request.host,
          username: request.to.local,
          photo: photoOf(vcard),
        });
      return undefined;
    });

    // XEP-0398: an avatar published in PEP becomes the vCard's photo.
    ctx.hook('pep/avatar-changed', HookPriority.handle, async ({ host, username, photo }: AvatarEvent) => {
      const stored = await repository.find(host.id, username);
      if ((stored?.photo_hash ?? null) === (photo ? photoHashOf(withPhoto(undefined, photo)) : null))
        return true;
      const vcard = withPhoto(stored ? parseStoredElement(stored.vcard) : undefined, photo);
      await repository.save(
        host.id,
        username,
        vcard.toString(),
        photoHashOf(vcard),
        ctx.clock.now().toISOString(),
      );
      return true;
    });

    ctx.hook('presence/broadcast', HookPriority.observe, async ({ session, stanza }) => {
      if (stanza.attrs.type !== undefined) return;
      const existing = stanza.getChild('x', VCARD_UPDATE);
      // A client that says it has not loaded its vCard yet (empty <x/>) is left alone.
      if (existing && existing.getChild('photo') === undefined) return;
      const photoHash = await repository.photoHash(session.host.id, session.username);
      if (existing) stanza.remove(existing);
      stanza.cnode(xml('x', { xmlns: VCARD_UPDATE }, xml('photo', {}, photoHash ?? '')));
    });
  },
});
