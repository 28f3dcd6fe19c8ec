/** XEP-0202 entity time, from the injected clock; the server keeps UTC. */
import { xml } from '../../stanza/index.js';
import { defineModule } from '../../core/index.js';

const TIME = 'urn:xmpp:time';

export const timeModule = defineModule({
  name: 'time',
  implements: [{ spec: 'XEP-0202', version: '2.0' }],
  options: {},
  setup(ctx) {
    ctx.feature(TIME);
    ctx.iq({ target: 'host', type: 'get', xmlns: TIME, name: 'time' }, () =>
      xml(
        'time',
        { xmlns: TIME },
        xml('tzo', {}, '+00:00'),
        xml(
          'utc',
          {},
          ctx.clock
            .now()
            .toISOString()
            .replace(/\.\d{3}Z$/, 'Z'),
        ),
      ),
    );
  },
});
