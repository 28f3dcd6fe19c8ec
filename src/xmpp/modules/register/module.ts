/**
 * XEP-0077 for one thing only: a logged-in member changes their password. Open registration and
 * account removal stay off; accounts are managed in the dashboard.
 */
import { isAppError } from '../../../lib/errors.js';
import { normalizeLocal, StanzaError, xml } from '../../stanza/index.js';
import { defineModule, type IqRequest } from '../../core/index.js';

const REGISTER = 'jabber:iq:register';

function requireOwnAccount(request: IqRequest) {
  if (!request.origin) throw new StanzaError('not-allowed', { text: 'registration is closed' });
  return request.origin;
}

export const registerModule = defineModule({
  name: 'register',
  implements: [{ spec: 'XEP-0077', version: '2.4', note: 'password change only; registration is closed' }],
  options: {},
  setup(ctx) {
    ctx.feature(REGISTER);

    ctx.iq({ target: 'host', type: 'get', xmlns: REGISTER, name: 'query' }, (request) => {
      const session = requireOwnAccount(request);
      return xml(
        'query',
        { xmlns: REGISTER },
        xml('registered'),
        xml('username', {}, session.username),
        xml('password'),
      );
    });

    ctx.iq({ target: 'host', type: 'set', xmlns: REGISTER, name: 'query' }, async (request) => {
      const session = requireOwnAccount(request);
      if (request.payload.getChild('remove'))
        throw new StanzaError('not-allowed', { text: 'accounts are removed in the dashboard' });
      const username = request.payload.getChildText('username');
      const password = request.payload.getChildText('password');
      if (!password || (username !== null && normalizeLocal(username) !== session.username))
        throw new StanzaError('bad-request');
      try {
        await ctx.members.changePassword(session.host.id, session.username, password);
      } catch (error) {
        if (isAppError(error) && error.kind === 'invalid')
          throw new StanzaError('not-acceptable', { text: error.message });
        throw error;
      }
      return undefined;
    });
  },
});
