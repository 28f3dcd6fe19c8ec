import { useState, type FormEvent } from 'react';
import { Link, useParams } from 'react-router';
import { api, unwrap } from '../../../api/client';
import type { Invoice, Payment } from '../../../api/views';
import { AmountBreakdown, TotalRow } from '../../../components/billing/amount-breakdown';
import { BillingStatus } from '../../../components/billing/billing-status';
import { Day } from '../../../components/billing/billing-dates';
import { invoiceKindLabel } from '../../../components/billing/invoice-table';
import { PaymentsTable } from '../../../components/billing/payments-table';
import { ConfirmDialog } from '../../../components/confirm-dialog';
import { Field } from '../../../components/field';
import { FormStatus } from '../../../components/form-status';
import { PageHeader } from '../../../components/page-header';
import { DataView, Empty } from '../../../components/states';
import { useApiData } from '../../../hooks/use-api-data';
import { useForm } from '../../../hooks/use-form';
import { useSubmit } from '../../../hooks/use-submit';
import { SubmitRow } from '../../../components/submit-row';
import { StaffBillingNav, staffCustomerPath } from './staff-billing-nav';

export function StaffInvoicePage() {
  const { customerId = '', invoiceId = '' } = useParams();
  const invoice = useApiData('/api/v1/admin/billing/customers/{customerId}/invoices/{id}', {
    params: { path: { customerId, id: invoiceId } },
  });
  return (
    <>
      <p className="breadcrumb">
        <Link to={staffCustomerPath(customerId)}>← Customer billing</Link>
      </p>
      <DataView state={invoice} onRetry={invoice.reload}>
        {(data) => <StaffInvoiceView invoice={data} onChanged={invoice.reload} />}
      </DataView>
    </>
  );
}

function StaffInvoiceView({ invoice, onChanged }: { invoice: Invoice; onChanged(): void }) {
  const params = { path: { customerId: invoice.customerId, id: invoice.id } };
  const [isVoiding, setVoiding] = useState(false);
  // Forms vanish once they no longer apply (a paid invoice takes no offline payment), so their
  // outcome is announced here, where it stays.
  const [notice, setNotice] = useState<string | null>(null);
  const finalizing = useSubmit();
  const done = (message: string) => {
    setNotice(message);
    onChanged();
  };
  const title = `Invoice ${invoice.number ?? '(draft)'}`;

  async function finalize() {
    const finalized = () =>
      unwrap(api.POST('/api/v1/admin/billing/customers/{customerId}/invoices/{id}/finalize', { params }));
    if (await finalizing.run(async () => void (await finalized()))) onChanged();
  }

  const canVoid = invoice.status === 'draft' || (invoice.status === 'open' && invoice.amountPaid === 0);
  return (
    <>
      <PageHeader
        title={title}
        description={
          <>
            <BillingStatus status={invoice.status} /> · {invoiceKindLabel[invoice.kind]} · Due{' '}
            <Day value={invoice.dueAt} timeZone={invoice.timeZone} /> ·{' '}
            <span className="cell-id">{invoice.customerId}</span>
          </>
        }
        actions={
          <>
            {invoice.status === 'draft' && (
              <button
                type="button"
                className="button button-primary"
                disabled={finalizing.isPending}
                onClick={() => void finalize()}
              >
                Finalise
              </button>
            )}
            {canVoid && (
              <button type="button" className="button button-danger-outline" onClick={() => setVoiding(true)}>
                Void
              </button>
            )}
          </>
        }
      />
      <StaffBillingNav />
      <FormStatus submission={finalizing} />
      <div aria-live="polite">{notice && <p className="alert alert-success">{notice}</p>}</div>
      <section className="panel" aria-labelledby="staff-lines-title">
        <h2 id="staff-lines-title">Lines</h2>
        <AmountBreakdown breakdown={invoice} caption={title} timeZone={invoice.timeZone}>
          {invoice.creditApplied !== 0 && (
            <TotalRow
              label="Account credit applied"
              amount={-invoice.creditApplied}
              currency={invoice.currency}
            />
          )}
          <TotalRow label="Paid" amount={-invoice.amountPaid} currency={invoice.currency} />
          <TotalRow label="Amount due" amount={invoice.amountDue} currency={invoice.currency} isStrong />
        </AmountBreakdown>
      </section>
      {invoice.status === 'open' && (
        <section className="panel" aria-labelledby="mark-paid-title">
          <h2 id="mark-paid-title">Record an offline payment</h2>
          <AmountForm
            send={({ reference }) =>
              unwrap(
                api.POST('/api/v1/admin/billing/customers/{customerId}/invoices/{id}/mark-paid', {
                  params,
                  body: { reference },
                }),
              )
            }
            fields={['reference']}
            submitLabel="Mark paid"
            success="The invoice is marked paid."
            onDone={done}
          />
        </section>
      )}
      {(invoice.status === 'open' || invoice.status === 'paid') && (
        <section className="panel" aria-labelledby="credit-note-title">
          <h2 id="credit-note-title">Issue a credit note</h2>
          <p className="muted">The amount becomes account credit, applied to the customer's next invoices.</p>
          <AmountForm
            send={({ amount, reason }) =>
              unwrap(
                api.POST('/api/v1/admin/billing/customers/{customerId}/invoices/{id}/credit-notes', {
                  params,
                  body: { amount, reason },
                }),
              )
            }
            fields={['amount', 'reason']}
            submitLabel="Issue credit note"
            success="The credit note was issued."
            onDone={done}
          />
        </section>
      )}
      <InvoicePayments invoice={invoice} onDone={done} />
      <ConfirmDialog
        title={`Void ${title}?`}
        isOpen={isVoiding}
        isDanger
        confirmLabel="Void invoice"
        onClose={() => setVoiding(false)}
        onConfirm={async () => {
          await unwrap(
            api.POST('/api/v1/admin/billing/customers/{customerId}/invoices/{id}/void', { params }),
          );
          done('The invoice is void.');
        }}
      >
        <p>The invoice stays in the records with its number but is no longer owed.</p>
      </ConfirmDialog>
    </>
  );
}

/**
 * The payments of this invoice, with a refund form for successful ones. The API lists payments across
 * customers, so the newest 200 are filtered here.
 */
function InvoicePayments({ invoice, onDone }: { invoice: Invoice; onDone(message: string): void }) {
  const payments = useApiData('/api/v1/admin/billing/payments', { params: { query: { limit: 200 } } });
  const [refunding, setRefunding] = useState<Payment | null>(null);
  return (
    <section className="panel" aria-labelledby="invoice-payments-title">
      <h2 id="invoice-payments-title">Payments</h2>
      <DataView state={payments} onRetry={payments.reload}>
        {(page) => {
          const mine = page.items.filter((payment) => payment.invoiceId === invoice.id);
          return mine.length === 0 ? (
            <Empty title="No payments for this invoice" />
          ) : (
            <PaymentsTable
              payments={mine}
              invoiceCell={() => invoice.number ?? invoice.id}
              actions={(payment) =>
                payment.status === 'succeeded' && payment.refundedAmount < payment.amount ? (
                  <button
                    type="button"
                    className="button button-secondary button-small"
                    onClick={() => setRefunding(payment)}
                  >
                    Refund
                  </button>
                ) : null
              }
            />
          );
        }}
      </DataView>
      {refunding && (
        <div className="subform">
          <h3>Refund payment {refunding.id}</h3>
          <AmountForm
            send={({ amount, reason }) =>
              unwrap(
                api.POST('/api/v1/admin/billing/customers/{customerId}/payments/{id}/refund', {
                  params: { path: { customerId: invoice.customerId, id: refunding.id } },
                  body: { amount, reason },
                }),
              )
            }
            fields={['amount', 'reason']}
            submitLabel="Send refund"
            success="The refund was sent to the card, with a credit note."
            onDone={(message) => {
              setRefunding(null);
              payments.reload();
              onDone(message);
            }}
          />
        </div>
      )}
    </section>
  );
}

type AmountField = 'amount' | 'reason' | 'reference';
const labels: Record<AmountField, { label: string; hint?: string }> = {
  amount: { label: 'Amount in minor units', hint: 'Cents for EUR and USD: 1250 is 12.50.' },
  reason: { label: 'Reason' },
  reference: { label: 'Bank reference' },
};

interface AmountValues {
  amount: number;
  reason: string;
  reference: string;
}

/** A small staff form that sends `amount`, `reason` or `reference` and reports the outcome. */
function AmountForm({
  send,
  fields,
  submitLabel,
  success,
  onDone,
}: {
  send(values: AmountValues): Promise<unknown>;
  fields: AmountField[];
  submitLabel: string;
  success: string;
  onDone(message: string): void;
}) {
  const submission = useSubmit();
  const form = useForm({ amount: '', reason: '', reference: '' }, submission);

  async function handleSubmit(event: FormEvent) {
    event.preventDefault();
    const text = (field: AmountField) => form.values[field].trim();
    const typed = {
      amount: Number.parseInt(text('amount'), 10) || 0,
      reason: text('reason'),
      reference: text('reference'),
    };
    const ok = await submission.run(async () => void (await send(typed)));
    if (ok) {
      form.reset();
      onDone(success);
    }
  }

  return (
    <form onSubmit={(event) => void handleSubmit(event)} noValidate>
      <div className="form-grid">
        {fields.map((field) => (
          <Field
            key={field}
            label={labels[field].label}
            hint={labels[field].hint}
            inputMode={field === 'amount' ? 'numeric' : undefined}
            {...form.field(field)}
          />
        ))}
      </div>
      <SubmitRow submission={submission} label={submitLabel} />
    </form>
  );
}
