/**
 * XEP-0054 vcard-temp (anyone may read an account's vCard, only its owner may write it) with
 * XEP-0153 avatar hashes: the server stamps the owner's broadcast presence with the current hash,
 * so contacts learn of a new avatar without every client having to do it.
 */
import { parseStoredElement, xml } from '../../stanza/index.js';
import { defineModule, HookPriority, ownSession } from '../../core/index.js';
import { photoHashOf, VCARD, VCARD_UPDATE } from './vcard-codec.js';
import { createVcardRepository } from './vcard.repository.js';

export const vcardModule = defineModule({
  name: 'vcard',
  implements: [
    { spec: 'XEP-0054', version: '1.2' },
    { spec: 'XEP-0153', version: '1.1', note: 'server adds the photo hash to presence' },
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
      await repository.save(
        request.host.id,
        request.to.local,
        vcard.toString(),
        photoHashOf(vcard),
        ctx.clock.now().toISOString(),
      );
      return undefined;
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
