import type { ApiContext } from '../../context.js';
import type { Actor } from '../../../tenancy/index.js';
import type { HostDomainView, RegistrationView } from './domain.schemas.js';

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

/** The whole of GET /hosts/{id}/domain: the domains area's view with the registration added. */
export async function hostDomainView(
  ctx: Pick<ApiContext, 'domains' | 'domainRegistration' | 'billing' | 'config'>,
  actor: Actor,
  host: { id: string; customerId: string; domain: string },
): Promise<HostDomainView> {
  return { ...(await ctx.domains.describe(actor, host.id)), registration: await registrationView(ctx, host) };
}

/** The same after `change` (a DNS check, a staff verification), which answers the area's view. */
export async function withRegistration(
  ctx: Pick<ApiContext, 'domainRegistration' | 'billing' | 'config'>,
  host: { id: string; customerId: string; domain: string },
  view: Omit<HostDomainView, 'registration'>,
): Promise<HostDomainView> {
  return { ...view, registration: await registrationView(ctx, host) };
}
