import { createTicket } from './create-ticket.js';
import type { CustomerActor } from './requester.js';
import type { SupportDeps } from './support-deps.js';
import type { TicketPriority } from './ticket-states.js';

/** The Billing department seeded by the migration; staff may rename it, its id stays. */
export const BILLING_DEPARTMENT_ID = 'dep_billing';

export interface BillingQuestion {
  subject?: string | undefined;
  description: string;
  priority?: TicketPriority | undefined;
}

/** "Ask a billing question" on an invoice: a Billing ticket linked to that invoice. */
export async function askBillingQuestion(
  deps: SupportDeps,
  actor: CustomerActor,
  invoiceId: string,
  input: BillingQuestion,
) {
  return createTicket(
    deps,
    actor,
    {
      departmentId: BILLING_DEPARTMENT_ID,
      priority: input.priority ?? 'normal',
      subject: input.subject ?? `Question about invoice ${invoiceId}`,
      description: input.description,
      invoiceId,
    },
    [],
  );
}
