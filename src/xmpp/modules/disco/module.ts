/**
 * XEP-0030 service discovery for the server, for accounts and for the hosts' services. Identities,
 * features and items come from the modules' declarations, so the lists are always what is loaded
 * (the host domain is also e.g. the upload service, which also has an address of its own among the
 * host's items); XEP-0128 forms (contact addresses) ride along.
 */
import { cloneElement, NS, sameBare, StanzaError, xml } from '../../stanza/index.js';
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

    function info(target: IqTarget, request: IqRequest) {
      // A node we do not have is an error, not an empty answer (XEP-0030 §3.1).
      if (request.payload.attrs.node) throw new StanzaError('item-not-found');
      if (request.service) return serviceInfo(request.service);
      const identities = disco.identitiesOf(target).map((i) => xml('identity', { ...i }));
      const features = disco.featuresOf(target).map((v) => xml('feature', { var: v }));
      const forms = target === 'host' ? disco.extensionForms().map(cloneElement) : [];
      return xml('query', { xmlns: NS.discoInfo }, ...identities, ...features, ...forms);
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
