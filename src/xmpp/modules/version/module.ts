/** XEP-0092 software version of the server. The OS is not disclosed (XEP-0092 §5 lets us omit it). */
import { xml } from '../../stanza/index.js';
import { defineModule } from '../../core/index.js';

const VERSION = 'jabber:iq:version';

export const versionModule = defineModule({
  name: 'version',
  implements: [{ spec: 'XEP-0092', version: '1.1' }],
  options: {},
  setup(ctx) {
    ctx.feature(VERSION);
    ctx.iq({ target: 'host', type: 'get', xmlns: VERSION, name: 'query' }, () =>
      xml(
        'query',
        { xmlns: VERSION },
        xml('name', {}, 'imhost'),
        xml('version', {}, ctx.config.serverVersion),
      ),
    );
  },
});
