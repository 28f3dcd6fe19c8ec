import type { ApiContext } from '../../context.js';
import type { RegistrationView } from './domain.schemas.js';

/**
 * The `registration` of GET /hosts/{id}/domain, built in one place: the domains area's facts with
 * the renewal price from billing's catalog. Null for a host under the provider's hosted domain.
 */
export async function registrationView(
  ctx: Pick<ApiContext, 'domainRegistration' | 'billing' | 'config'>,
  host: { id: string; customerId: string; domain: string },
): Promise<RegistrationView | null> {
  const facts = await ctx.domainRegistration.facts(host.customerId, host);
  if (!facts) return null;
  const renewalPrice =
    facts.domain && facts.isThroughProvider
      ? await ctx.billing.domainRenewals.price(host.customerId, facts.domain)
      : null;
  return { ...facts, renewalPrice, renewalLeadDays: ctx.config.domainRenewalLeadDays };
}
