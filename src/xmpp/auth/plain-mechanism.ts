/**
 * SASL PLAIN (RFC 4616), offered only inside TLS. The password is checked by deriving the
 * SCRAM-SHA-256 StoredKey from it with the stored salt, so no other form of it is ever kept.
 */
import { constantTimeEqual } from '../../lib/hash.js';
import { deriveScramKeys } from '../../lib/scram.js';
import type { SaslContext, SaslExchange } from '../core/index.js';
import {
  failed,
  refuseEarly,
  standInCredentials,
  succeeded,
  type CredentialCheckDeps,
} from './credential-check.js';
import { preparePassword, prepareUsername } from './sasl-names.js';

export function createPlainExchange(deps: CredentialCheckDeps, ctx: SaslContext): SaslExchange {
  return {
    async step(response) {
      const parts = response.toString('utf8').split('\0');
      if (parts.length !== 3) return { kind: 'failure', condition: 'malformed-request' };
      const [authzid, authcid, password] = parts as [string, string, string];
      const username = prepareUsername(authcid);
      const prepared = preparePassword(password);
      if (username === null || prepared === null || prepared === '')
        return { kind: 'failure', condition: 'not-authorized' };
      if (authzid !== '' && authzid !== `${username}@${ctx.host.domain}` && authzid !== username)
        return { kind: 'failure', condition: 'invalid-authzid' };
      const refusal = await refuseEarly(deps, ctx, username);
      if (refusal) return refusal;
      const credentials =
        (await deps.directory.getCredentials(ctx.host.id, username)) ?? standInCredentials(ctx, username);
      const derived = deriveScramKeys('sha256', prepared, credentials.salt, credentials.iterations);
      if (!constantTimeEqual(derived.storedKey, credentials.sha256.storedKey))
        return failed(deps, ctx, username);
      return succeeded(deps, ctx, username, credentials);
    },
  };
}
