/**
 * XEP-0030 service discovery for the server, for accounts and for the hosts' services. Identities,
 * features and items come from the modules' declarations, so the lists are always what is loaded
 * (the host domain is also e.g. the upload service, which also has an address of its own among the
 * host's items); XEP-0128 forms (contact addresses) ride along.
 *
 * The server's own XEP-0115 caps name that disco#info by its hash in the stream features (§6.3),
 * so a client that has seen the hash before need not ask again; a client that has not may ask for
 * the `node#ver` it names, which gets the same answer.
 */
import {
  attr,
  capsHash,
  cloneElement,
  NS,
  sameBare,
  StanzaError,
  xml,
  type Element,
} from '../../stanza/index.js';
import {
  defineModule,
  serviceFeatures,
  type DiscoService,
  type IqRequest,
  type IqTarget,
} from '../../core/index.js';

const ACCOUNT = { category: 'account', type: 'registered' };

export const discoModule = defineModule({
  name: 'disco',
  implements: [
    { spec: 'XEP-0030', version: '2.5rc3' },
    { spec: 'XEP-0128', version: '1.0' },
    {
      spec: 'XEP-0115',
      version: '1.6.0',
      note: "the server's own caps as a stream feature (§6.3), hashed from the host's disco#info",
    },
  ],
  options: {},
  setup(ctx) {
    const { disco } = ctx;
    ctx.identity({ category: 'server', type: 'im', name: 'imhost' }, 'host');
    ctx.identity(ACCOUNT, 'account');
    for (const target of ['host', 'account'] as const) {
      ctx.feature(NS.discoInfo, target);
      ctx.feature(NS.discoItems, target);
    }
    // XEP-0115 §7: an entity that generates caps says so.
    ctx.feature(NS.caps, 'host');

    /** What disco#info shows for the host or the account: every loaded module's declarations. */
    function infoOf(target: IqTarget): Element {
      const identities = disco.identitiesOf(target).map((i) => xml('identity', { ...i }));
      const features = disco.featuresOf(target).map((v) => xml('feature', { var: v }));
      const forms = target === 'host' ? disco.extensionForms().map(cloneElement) : [];
      return xml('query', { xmlns: NS.discoInfo }, ...identities, ...features, ...forms);
    }

    // The hash changes only when a module declares or withdraws something, not per stream.
    let hostCaps = { revision: -1, ver: '' };
    function hostVer(): string {
      if (hostCaps.revision !== disco.revision)
        hostCaps = { revision: disco.revision, ver: capsHash(infoOf('host'), 'sha-1')! };
      return hostCaps.ver;
    }
    const capsNode = ctx.config.publicUrl;
    ctx.streamFeature(() => xml('c', { xmlns: NS.caps, hash: 'sha-1', node: capsNode, ver: hostVer() }));

    function info(target: IqTarget, request: IqRequest) {
      const node = attr(request.payload, 'node');
      if (node === undefined) return request.service ? serviceInfo(request.service) : infoOf(target);
      // The caps node names the host's disco#info as it is now (XEP-0115 §6.2).
      if (!request.service && target === 'host' && node === `${capsNode}#${hostVer()}`)
        return infoOf('host').attr('node', node);
      // A node we do not have is an error, not an empty answer (XEP-0030 §3.1).
      throw new StanzaError('item-not-found');
    }

    function serviceInfo(service: DiscoService) {
      return xml(
        'query',
        { xmlns: NS.discoInfo },
        xml('identity', { ...service.identity }),
        ...serviceFeatures(service).map((v) => xml('feature', { var: v })),
        ...service.forms.map(cloneElement),
      );
    }

    /** What the modules list for the host or the account; a service's own address lists nothing. */
    async function items(target: IqTarget, request: IqRequest) {
      const found = request.service ? [] : await disco.itemsFor(target, request);
      return xml('query', { xmlns: NS.discoItems }, ...found.map((item) => xml('item', { ...item })));
    }

    ctx.iq({ target: 'host', type: 'get', xmlns: NS.discoInfo, name: 'query' }, (request) =>
      info('host', request),
    );
    ctx.iq({ target: 'account', type: 'get', xmlns: NS.discoInfo, name: 'query' }, (request) => {
      // Only the owner sees an account's features; others learn no more than that it exists.
      if (request.origin && !sameBare(request.origin.jid, request.to))
        return xml('query', { xmlns: NS.discoInfo }, xml('identity', ACCOUNT));
      return info('account', request);
    });
    ctx.iq({ target: 'host', type: 'get', xmlns: NS.discoItems, name: 'query' }, (request) =>
      items('host', request),
    );
    ctx.iq({ target: 'account', type: 'get', xmlns: NS.discoItems, name: 'query' }, (request) =>
      items('account', request),
    );
  },
});
