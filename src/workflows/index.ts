/**
 * Work that spans business areas, in one place for the API and the CLI alike. Each workflow is an
 * application service built with the areas it drives, so no area imports another to do it; steps
 * that cannot share a transaction undo themselves when a later one fails (compensation.ts). This
 * file is the area's public surface.
 */
import type { Billing, StartSubscriptionInput, SubscriptionView } from '../billing/index.js';
import type { DomainRegistration } from '../domains/index.js';
import type { JobScheduler } from '../platform/index.js';
import type { Tenancy } from '../tenancy/index.js';
import { createHostOnPlanWorkflow, type HostOnPlan, type HostOnPlanRequest } from './create-host-on-plan.js';
import { startHostSubscriptionWorkflow } from './start-host-subscription.js';
import { renewDomainsWorkflow, scheduleDomainRenewals, type DomainRenewalSummary } from './renew-domains.js';

export type { HostOnPlan, HostOnPlanRequest } from './create-host-on-plan.js';
export { createHostOnPlanWorkflow } from './create-host-on-plan.js';
export { startHostSubscriptionWorkflow } from './start-host-subscription.js';
export { supportBillingPort } from './support-billing-port.js';
export { renewDomainsWorkflow, DOMAIN_RENEWAL_JOB, type DomainRenewalSummary } from './renew-domains.js';

export interface Workflows {
  /** A new host with its subscription, or (when the subscription fails) nothing at all. */
  createHostOnPlan(request: HostOnPlanRequest): Promise<HostOnPlan>;
  /** Staff: an existing host of the customer onto a plan. */
  startHostSubscription(input: StartSubscriptionInput): Promise<SubscriptionView>;
  /** One pass of domain auto-renewal (also run hourly by the scheduler). */
  renewDomains(): Promise<DomainRenewalSummary>;
}

export interface WorkflowOptions {
  tenancy: Tenancy;
  billing: Billing;
  registration: DomainRegistration;
  jobs: JobScheduler;
}

export function createWorkflows(areas: WorkflowOptions): Workflows {
  const renewDomains = renewDomainsWorkflow(areas);
  scheduleDomainRenewals(areas.jobs, renewDomains);
  return {
    createHostOnPlan: createHostOnPlanWorkflow(areas),
    startHostSubscription: startHostSubscriptionWorkflow(areas),
    renewDomains,
  };
}
