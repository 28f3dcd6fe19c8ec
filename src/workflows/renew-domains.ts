import type { Billing } from '../billing/index.js';
import { renewalTld, type DomainRegistration, type Renewal } from '../domains/index.js';
import type { JobScheduler } from '../platform/index.js';

export const DOMAIN_RENEWAL_JOB = 'workflows.renew-domains';

export interface DomainRenewalSummary {
  opened: number;
  invoiced: number;
  paid: number;
  renewed: number;
  refunded: number;
}

export interface RenewDomainsDeps {
  registration: Pick<DomainRegistration, 'renewals'>;
  billing: Pick<Billing, 'domainRenewals' | 'invoices'>;
}

/**
 * Auto-renewal of domains registered through the provider, N days before expiry
 * (IMHOST_DOMAIN_RENEWAL_LEAD_DAYS): invoice and charge (billing), renew at the registrar once
 * it is paid (registration), and give the money back when the registrar refuses. Every step is
 * idempotent, so the hourly pass can run any number of times, crash anywhere, and resume:
 * - a renewal is one row per domain and expiry renewed from (never renewed twice from one expiry),
 *   and the registrar is told that expiry (`curExpDate`), so a repeated request cannot renew again;
 * - its invoice is one per renewal (the obligation key), charged by billing's at-most-once charge;
 *   a declined card is left to billing's retries and dunning, and the renewal waits for payment;
 * - the registrar is asked only once the invoice is paid (never renewed without payment), and a
 *   refusal after payment is refunded (never charged without renewal), the customer told.
 */
export function renewDomainsWorkflow({ registration, billing }: RenewDomainsDeps) {
  const { renewals } = registration;

  async function invoice(renewal: Renewal): Promise<boolean> {
    const result = await billing.domainRenewals.invoice({
      customerId: renewal.customer_id,
      hostId: null,
      domain: renewal.domain,
      tld: renewalTld(renewal),
      years: renewal.years,
      curExpDate: renewal.cur_exp_date,
      obligationKey: `domain-renewal:${renewal.id}`,
    });
    if (result.kind === 'no_price') {
      await renewals.recordInvoicingProblem(renewal, `The catalog has no renewal price for .${result.tld}.`);
      return false;
    }
    const { invoice } = result;
    return renewals.recordInvoice(renewal, {
      id: invoice.id,
      number: invoice.number,
      amount: invoice.total,
      currency: invoice.currency,
    });
  }

  async function followPayment(renewal: Renewal): Promise<boolean> {
    const invoice = await billing.invoices.get(renewal.customer_id, renewal.invoice_id!);
    if (invoice.status === 'paid') return renewals.recordPaid(renewal);
    if (invoice.status === 'void') await renewals.cancel(renewal, `invoice ${invoice.number} was voided`);
    return false;
  }

  async function refund(renewal: Renewal): Promise<boolean> {
    const reason = `The registrar did not renew ${renewal.domain}: ${renewal.last_error ?? 'refused'}`;
    const { creditNoteNumber } = await billing.domainRenewals.refund(
      renewal.customer_id,
      renewal.invoice_id!,
      reason.slice(0, 500),
    );
    return renewals.recordRefund(renewal, creditNoteNumber);
  }

  async function count(
    statuses: Parameters<typeof renewals.list>[0],
    step: (r: Renewal) => Promise<boolean>,
  ) {
    let done = 0;
    for (const renewal of await renewals.list(statuses)) if (await step(renewal)) done += 1;
    return done;
  }

  return async function renewDomains(): Promise<DomainRenewalSummary> {
    const opened = await renewals.openDue();
    const invoiced = await count(['invoicing'], invoice);
    const paid = await count(['awaiting_payment'], followPayment);
    const renewed = await renewals.submitPaid();
    const refunded = await count(['refused'], refund);
    return { opened, invoiced, paid, renewed, refunded };
  };
}

/** The hourly pass, in the durable scheduler. */
export function scheduleDomainRenewals(jobs: JobScheduler, renewDomains: () => Promise<unknown>): void {
  jobs.define(DOMAIN_RENEWAL_JOB, async () => {
    await renewDomains();
  });
  jobs.every(DOMAIN_RENEWAL_JOB, '40 * * * *');
}
