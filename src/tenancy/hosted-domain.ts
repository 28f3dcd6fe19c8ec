import { AppError } from '../lib/errors.js';
import { normalizeDomain } from './domain-name.js';

/**
 * The custom-domain entitlement: a plan without it serves only `<label>.<hosted domain>`, one label
 * under the provider's shared parent domain. Without a hosted domain configured there is no shared
 * name to offer, so every plan may use any domain. Hosts without a plan (created by staff) are
 * never asked.
 */
export function assertDomainAllowed(
  rawDomain: string,
  rules: { isCustomDomainAllowed: boolean; hostedDomain: string | undefined },
): void {
  const { hostedDomain } = rules;
  if (rules.isCustomDomainAllowed || hostedDomain === undefined) return;
  const domain = normalizeDomain(rawDomain);
  if (isHostedSubdomain(domain, hostedDomain)) return;
  throw new AppError('custom_domain_not_allowed', {
    message: `This plan does not include a custom domain; use a name such as yourteam.${hostedDomain}.`,
    details: { domain, hostedDomain },
  });
}

function isHostedSubdomain(domain: string, hostedDomain: string): boolean {
  const suffix = `.${hostedDomain}`;
  return domain.endsWith(suffix) && !domain.slice(0, -suffix.length).includes('.');
}
