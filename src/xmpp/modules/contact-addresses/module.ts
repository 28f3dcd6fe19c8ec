/** XEP-0157 contact addresses from the operator's settings, as a XEP-0128 form in disco#info. */
import type { Config } from '../../../platform/config.js';
import { xml } from '../../stanza/index.js';
import { defineModule, type XmppModule } from '../../core/index.js';

type Contacts = Pick<Config, 'contactAbuse' | 'contactSupport' | 'contactSecurity'>;

function asUri(address: string): string {
  return /^[a-z][a-z0-9+.-]*:/i.test(address) ? address : `mailto:${address}`;
}

export function contactAddressesModule(contacts: Contacts): XmppModule {
  return defineModule({
    name: 'contact-addresses',
    implements: [{ spec: 'XEP-0157', version: '1.1.1' }],
    options: {},
    setup(api) {
      const fields: [string, string | undefined][] = [
        ['abuse-addresses', contacts.contactAbuse],
        ['support-addresses', contacts.contactSupport],
        ['security-addresses', contacts.contactSecurity],
      ];
      const present = fields.filter((f): f is [string, string] => f[1] !== undefined);
      if (present.length === 0) return;
      api.discoForm(
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
}
