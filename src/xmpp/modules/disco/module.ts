/**
 * XEP-0030 service discovery for the server and for accounts. Identities and features come from the
 * modules' registrations, so the list is always what is loaded (the host domain is also e.g. the
 * upload service); XEP-0128 forms (contact addresses) ride along.
 */
import { cloneElement, sameBare, StanzaError, xml } from '../../stanza/index.js';
import { defineModule, type IqRequest, type IqTarget } from '../../core/index.js';

const INFO = 'http://jabber.org/protocol/disco#info';
const ITEMS = 'http://jabber.org/protocol/disco#items';
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
      api.feature(INFO, target);
      api.feature(ITEMS, target);
    }

    function info(target: IqTarget, request: IqRequest) {
      // A node we do not have is an error, not an empty answer (XEP-0030 §3.1).
      if (request.payload.attrs.node) throw new StanzaError('item-not-found');
      const identities = core.disco.identitiesOf(target).map((i) => xml('identity', { ...i }));
      const features = core.disco.featuresOf(target).map((v) => xml('feature', { var: v }));
      const forms = target === 'host' ? core.disco.extensionForms().map(cloneElement) : [];
      return xml('query', { xmlns: INFO }, ...identities, ...features, ...forms);
    }

    api.iq({ target: 'host', type: 'get', xmlns: INFO, name: 'query' }, (request) => info('host', request));
    api.iq({ target: 'account', type: 'get', xmlns: INFO, name: 'query' }, (request) => {
      // Only the owner sees an account's features; others learn no more than that it exists.
      if (request.origin && !sameBare(request.origin.jid, request.to))
        return xml('query', { xmlns: INFO }, xml('identity', ACCOUNT));
      return info('account', request);
    });
    api.iq({ target: 'host', type: 'get', xmlns: ITEMS, name: 'query' }, () =>
      xml('query', { xmlns: ITEMS }),
    );
    api.iq({ target: 'account', type: 'get', xmlns: ITEMS, name: 'query' }, () =>
      xml('query', { xmlns: ITEMS }),
    );
  },
});
