/** XEP-0157 contact addresses from the operator's settings, as a XEP-0128 form in disco#info. */
import { xml } from '../../stanza/index.js';
import { defineModule } from '../../core/index.js';

function asUri(address: string): string {
  return /^[a-z][a-z0-9+.-]*:/i.test(address) ? address : `mailto:${address}`;
}

export const contactAddressesModule = defineModule({
  name: 'contact-addresses',
  implements: [{ spec: 'XEP-0157', version: '1.1.1' }],
  // The form is part of the host's disco#info, which the disco module answers.
  requires: ['disco'],
  options: {},
  setup(ctx) {
    const { config } = ctx;
    const fields: [string, string | undefined][] = [
      ['abuse-addresses', config.contactAbuse],
      ['support-addresses', config.contactSupport],
      ['security-addresses', config.contactSecurity],
    ];
    const present = fields.filter((f): f is [string, string] => f[1] !== undefined);
    if (present.length === 0) return;
    ctx.discoForm(
      xml(
        'x',
        { xmlns: 'jabber:x:data', type: 'result' },
        xml(
          'field',
          { var: 'FORM_TYPE', type: 'hidden' },
          xml('value', {}, 'http://jabber.org/network/serverinfo'),
        ),
        ...present.map(([name, value]) => xml('field', { var: name }, xml('value', {}, asUri(value)))),
      ),
    );
  },
});
