import { AppError, isAppError } from '../lib/errors.js';
import type { BillingDeps } from './billing-deps.js';
import type { PlanRow } from './catalog.repository.js';

/**
 * The custom-domain entitlement at the moment a host goes onto a plan: tenancy knows which domains a
 * plan without it may serve; billing asks before a subscription starts or changes plan (previews too),
 * so a host never ends up on a plan its domain does not fit.
 */
export async function assertPlanFitsHostDomain(
  deps: Pick<BillingDeps, 'tenancy'>,
  hostId: string,
  plan: Pick<PlanRow, 'name' | 'custom_domain'>,
  action: 'start' | 'change',
): Promise<void> {
  const host = await deps.tenancy.hosts.get({ kind: 'system' }, hostId);
  try {
    deps.tenancy.hosts.assertDomainAllowed(host.domain, { isCustomDomainAllowed: plan.custom_domain === 1 });
  } catch (error) {
    if (action === 'start' || !isAppError(error) || error.code !== 'custom_domain_not_allowed') throw error;
    throw new AppError('custom_domain_not_allowed', {
      message:
        `The ${plan.name} plan does not include a custom domain, and this host is served at ` +
        `${host.domain}; choose a plan that includes a custom domain.`,
      details: error.details,
    });
  }
}
