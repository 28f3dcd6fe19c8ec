import type { Billing, StartSubscriptionInput, SubscriptionView } from '../billing/index.js';
import type { Tenancy } from '../tenancy/index.js';

export interface StartHostSubscriptionDeps {
  tenancy: Pick<Tenancy, 'hosts'>;
  billing: Pick<Billing, 'startSubscription'>;
}

/**
 * Staff put an existing host on a plan for its customer. The host must be that customer's: another
 * customer's host is host_not_found, asked before billing writes anything.
 */
export function startHostSubscriptionWorkflow({ tenancy, billing }: StartHostSubscriptionDeps) {
  return async function startHostSubscription(input: StartSubscriptionInput): Promise<SubscriptionView> {
    await tenancy.hosts.get({ kind: 'customer', customerId: input.customerId }, input.hostId);
    return billing.startSubscription(input);
  };
}
