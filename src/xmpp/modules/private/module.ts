/**
 * XEP-0049 private XML storage: an account keeps elements only it can read, one per namespace,
 * within the plan's storage (the same figure as for PEP, counted apart). Legacy bookmarks
 * (`storage:bookmarks`) never reach this store: the PEP module answers them from XEP-0402
 * bookmarks (XEP-0411).
 */
import { attr, parseStoredElement, StanzaError, xml, type Element } from '../../stanza/index.js';
import { defineModule, option, ownSession } from '../../core/index.js';
import { createPrivateRepository } from './private.repository.js';

const PRIVATE = 'jabber:iq:private';

export const privateModule = defineModule({
  name: 'private',
  implements: [{ spec: 'XEP-0049', version: '1.2' }],
  options: {
    defaultStorageKb: option.integer({
      default: 1024,
      min: 0,
      max: 1_048_576,
      description: "KiB each account may keep in private storage when its host's plan does not say.",
    }),
  },
  setup(ctx) {
    const repository = ctx.storage(createPrivateRepository);
    ctx.feature(PRIVATE, 'account');
    ctx.onTenancy('member.deleted', ({ hostId, username }) => {
      repository
        .removeAccount(hostId, username)
        .catch((error: unknown) =>
          ctx.logger.error({ err: error, hostId }, 'a deleted member kept private storage'),
        );
    });

    /** The one child of the query, whose namespace names what is stored (XEP-0049 §3). */
    function childOf(query: Element) {
      const children = query.getChildElements();
      const child = children[0];
      const namespace = child && attr(child, 'xmlns');
      if (children.length !== 1 || !child || !namespace)
        throw new StanzaError('bad-request', { text: 'exactly one namespaced element is expected' });
      // XEP-0049 §3.3: the jabber: namespaces belong to the protocol, not to private data.
      if (namespace.startsWith('jabber:') || namespace.startsWith('http://jabber.org/protocol/'))
        throw new StanzaError('not-acceptable');
      return { child, namespace };
    }

    ctx.iq({ target: 'account', type: 'get', xmlns: PRIVATE, name: 'query' }, async (request) => {
      const session = ownSession(request);
      const { child, namespace } = childOf(request.payload);
      const stored = await repository.find(session.host.id, session.username, namespace);
      const element = (stored && parseStoredElement(stored)) || xml(child.name, { xmlns: namespace });
      return xml('query', { xmlns: PRIVATE }, element);
    });

    ctx.iq({ target: 'account', type: 'set', xmlns: PRIVATE, name: 'query' }, async (request) => {
      const session = ownSession(request);
      const { child, namespace } = childOf(request.payload);
      const text = child.toString();
      const limitKb =
        (await ctx.entitlement(session.host.id, 'pepStorageKb')) ?? ctx.options.defaultStorageKb;
      const used = await repository.storedBytes(session.host.id, session.username, namespace);
      if (used + Buffer.byteLength(text) > limitKb * 1024)
        throw new StanzaError('not-acceptable', {
          text: `the account may keep ${limitKb} KiB in private storage`,
        });
      await repository.save(
        session.host.id,
        session.username,
        namespace,
        text,
        ctx.clock.now().toISOString(),
      );
      return undefined;
    });
  },
});
