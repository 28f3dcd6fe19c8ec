/**
 * XEP-0455 service outage status: the host's disco#info names where clients read the service's
 * status, a JSON document the API serves without sign-in (GET /api/v1/status/outage). It lives
 * outside the XMPP server so that clients can still read it when they cannot connect.
 */
import { xml } from '../../stanza/index.js';
import { defineModule } from '../../core/index.js';

export const OUTAGE_STATUS_PATH = '/api/v1/status/outage';

export const outageStatusModule = defineModule({
  name: 'outage-status',
  implements: [
    { spec: 'XEP-0455', version: '0.4.0', note: 'external status address only; incidents of every host' },
  ],
  // The form is part of the host's disco#info, which the disco module answers.
  requires: ['disco'],
  options: {},
  setup(ctx) {
    ctx.discoForm(
      xml(
        'x',
        { xmlns: 'jabber:x:data', type: 'result' },
        xml('field', { var: 'FORM_TYPE', type: 'hidden' }, xml('value', {}, 'urn:xmpp:sos:0')),
        xml(
          'field',
          { var: 'external-status-addresses' },
          xml('value', {}, `${ctx.config.publicUrl.replace(/\/$/, '')}${OUTAGE_STATUS_PATH}`),
        ),
      ),
    );
  },
});
