import type { SaslAuthenticator, SaslContext } from '../core/index.js';
import type { CredentialCheckDeps } from './credential-check.js';
import { createPlainExchange } from './plain-mechanism.js';
import { createScramExchange } from './scram-mechanism.js';

function supportedBindings(ctx: SaslContext): string[] {
  return ctx.tls?.types() ?? [];
}

/** Strongest first, as clients often take the first one they know. */
export function createSaslAuthenticator(deps: CredentialCheckDeps): SaslAuthenticator {
  return {
    mechanisms(ctx) {
      const plus = supportedBindings(ctx).length > 0 ? ['SCRAM-SHA-256-PLUS', 'SCRAM-SHA-1-PLUS'] : [];
      return [...plus, 'SCRAM-SHA-256', 'SCRAM-SHA-1', ...(ctx.isSecure ? ['PLAIN'] : [])];
    },
    channelBindingTypes: supportedBindings,
    start(mechanism, ctx) {
      const serverOffersPlus = supportedBindings(ctx).length > 0;
      switch (mechanism) {
        case 'SCRAM-SHA-256':
          return createScramExchange(deps, ctx, { hash: 'sha256', isPlus: false, serverOffersPlus });
        case 'SCRAM-SHA-1':
          return createScramExchange(deps, ctx, { hash: 'sha1', isPlus: false, serverOffersPlus });
        case 'SCRAM-SHA-256-PLUS':
          return serverOffersPlus
            ? createScramExchange(deps, ctx, { hash: 'sha256', isPlus: true, serverOffersPlus })
            : undefined;
        case 'SCRAM-SHA-1-PLUS':
          return serverOffersPlus
            ? createScramExchange(deps, ctx, { hash: 'sha1', isPlus: true, serverOffersPlus })
            : undefined;
        case 'PLAIN':
          return ctx.isSecure ? createPlainExchange(deps, ctx) : undefined;
        default:
          return undefined;
      }
    },
  };
}
