import type { Billing, Cycle, PlanView, SubscriptionView } from '../billing/index.js';
import { AppError } from '../lib/errors.js';
import type { HostView, Tenancy } from '../tenancy/index.js';
import { withCompensation } from './compensation.js';

export interface HostOnPlanRequest {
  customerId: string;
  domain: string;
  planId: string;
  /** Monthly unless given. */
  cycle?: Cycle | undefined;
  /** The plan's first price in the cycle decides unless given. */
  currency?: string | undefined;
}

export type HostOnPlan = HostView & {
  subscription: Pick<SubscriptionView, 'id' | 'status' | 'planId'>;
};

export interface CreateHostOnPlanDeps {
  tenancy: Pick<Tenancy, 'hosts'>;
  billing: Pick<Billing, 'catalog' | 'startSubscription'>;
}

/** Without a currency, the plan's first price in that cycle decides; EUR if it has none. */
function defaultCurrency(plan: PlanView, cycle: Cycle): string {
  return plan.prices.find((price) => price.cycle === cycle)?.currency ?? 'EUR';
}

/**
 * A new IM host on a plan, for POST /hosts and `imhost host add --plan`: the host first (its id
 * names the subscription), then the subscription, whose first invoice a plan without a trial
 * charges at once. Billing cannot share a transaction with tenancy (the charge talks to the
 * gateway), so when the subscription fails the host is deleted again and nothing of it remains;
 * billing ends the subscription and voids its invoice itself.
 */
export function createHostOnPlanWorkflow({ tenancy, billing }: CreateHostOnPlanDeps) {
  return async function createHostOnPlan(request: HostOnPlanRequest): Promise<HostOnPlan> {
    const { customerId, domain } = request;
    const plan = await billing.catalog.get(request.planId);
    if (!plan.isActive) throw new AppError('plan_not_found');
    const cycle = request.cycle ?? 'monthly';
    // Billing checks again when the subscription starts; asking first spares creating the host.
    tenancy.hosts.assertDomainAllowed(domain, { isCustomDomainAllowed: plan.entitlements.customDomain });
    const owner = { kind: 'customer', customerId } as const;
    return withCompensation(async (onFailure) => {
      const host = await tenancy.hosts.create({ customerId, domain });
      onFailure(() => tenancy.hosts.delete(owner, host.id));
      const subscription = await billing.startSubscription({
        customerId,
        hostId: host.id,
        planId: plan.id,
        cycle,
        currency: request.currency ?? defaultCurrency(plan, cycle),
        payFirstInvoiceNow: true,
      });
      return {
        // Read again: starting the subscription may have changed the host (its status, limits).
        ...(await tenancy.hosts.get(owner, host.id)),
        subscription: { id: subscription.id, status: subscription.status, planId: subscription.planId },
      };
    });
  };
}
