/**
 * XEP-0030 service discovery for the server, for accounts and for the hosts' services. Identities and
 * features come from the modules' registrations, so the list is always what is loaded (the host
 * domain is also e.g. the upload service, which also has an address of its own among the host's
 * items); XEP-0128 forms (contact addresses) ride along.
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
  setup(api) {
    const { core } = api;
    api.identity({ category: 'server', type: 'im', name: 'imhost' }, 'host');
    api.identity(ACCOUNT, 'account');
    for (const target of ['host', 'account'] as const) {
      api.feature(NS.discoInfo, target);
      api.feature(NS.discoItems, target);
    }

    function info(target: IqTarget, request: IqRequest) {
      // A node we do not have is an error, not an empty answer (XEP-0030 §3.1).
      if (request.payload.attrs.node) throw new StanzaError('item-not-found');
      if (request.service) return serviceInfo(request.service);
      const identities = core.disco.identitiesOf(target).map((i) => xml('identity', { ...i }));
      const features = core.disco.featuresOf(target).map((v) => xml('feature', { var: v }));
      const forms = target === 'host' ? core.disco.extensionForms().map(cloneElement) : [];
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

    /** The host's services, except at an address that is a host of its own (another customer's). */
    async function hostItems(request: IqRequest) {
      const items = [];
      if (!request.service && !request.payload.attrs.node)
        for (const { label, identity } of core.disco.services()) {
          const jid = `${label}.${request.host.domain}`;
          if (await core.hosts.find(jid)) continue;
          items.push(xml('item', identity.name ? { jid, name: identity.name } : { jid }));
        }
      return xml('query', { xmlns: NS.discoItems }, ...items);
    }

    api.iq({ target: 'host', type: 'get', xmlns: NS.discoInfo, name: 'query' }, (request) =>
      info('host', request),
    );
    api.iq({ target: 'account', type: 'get', xmlns: NS.discoInfo, name: 'query' }, (request) => {
      // Only the owner sees an account's features; others learn no more than that it exists.
      if (request.origin && !sameBare(request.origin.jid, request.to))
        return xml('query', { xmlns: NS.discoInfo }, xml('identity', ACCOUNT));
      return info('account', request);
    });
    api.iq({ target: 'host', type: 'get', xmlns: NS.discoItems, name: 'query' }, hostItems);
    api.iq({ target: 'account', type: 'get', xmlns: NS.discoItems, name: 'query' }, () =>
      xml('query', { xmlns: NS.discoItems }),
    );
  },
});
