import { Link, useParams } from 'react-router';
import { api, seg, unwrap } from '../../api/client';
import type { Invoice } from '../../api/views';
import { AmountBreakdown, TotalRow } from '../../components/billing/amount-breakdown';
import { BillingStatus } from '../../components/billing/billing-status';
import { Day, Period } from '../../components/billing/billing-dates';
import { invoiceKindLabel } from '../../components/billing/invoice-table';
import { FormStatus } from '../../components/form-status';
import { PageHeader } from '../../components/page-header';
import { DataView } from '../../components/states';
import { useApiData } from '../../hooks/use-api-data';
import { useSubmit } from '../../hooks/use-submit';
import { AskQuestionForm } from './ask-question-form';
import { useCanManageBilling } from './use-can-manage-billing';

export function InvoicePage() {
  const { invoiceId = '' } = useParams();
  const invoice = useApiData('/api/v1/invoices/{id}', { params: { path: { id: invoiceId } } });
  return (
    <>
      <p className="breadcrumb">
        <Link to="/billing">← Billing</Link>
      </p>
      <DataView state={invoice} onRetry={invoice.reload}>
        {(data) => <InvoiceView invoice={data} onChanged={invoice.reload} />}
      </DataView>
    </>
  );
}

function InvoiceView({ invoice, onChanged }: { invoice: Invoice; onChanged(): void }) {
  const paying = useSubmit();
  const canManage = useCanManageBilling();
  const title = `Invoice ${invoice.number ?? invoice.id}`;
  const { timeZone } = invoice;

  async function pay() {
    const ok = await paying.run(async () => {
      const paid = await unwrap(
        api.POST('/api/v1/invoices/{id}/pay', { params: { path: { id: invoice.id } } }),
      );
      return paid.status === 'paid' ? 'Thank you: the invoice is paid.' : undefined;
    });
    if (ok) onChanged();
  }

  return (
    <>
      <PageHeader
        title={title}
        description={
          <>
            <BillingStatus status={invoice.status} /> · {invoiceKindLabel[invoice.kind]} · Issued{' '}
            <Day value={invoice.issuedAt} timeZone={timeZone} /> · Due{' '}
            <Day value={invoice.dueAt} timeZone={timeZone} />
          </>
        }
        actions={
          <>
            <a
              className="button button-secondary"
              href={`/api/v1/invoices/${seg(invoice.id)}/pdf`}
              download={`${invoice.number ?? invoice.id}.pdf`}
            >
              Download PDF
            </a>
            {canManage && invoice.status === 'open' && invoice.amountDue > 0 && (
              <button
                type="button"
                className="button button-primary"
                disabled={paying.isPending}
                onClick={() => void pay()}
              >
                {paying.isPending ? 'Paying…' : 'Pay now'}
              </button>
            )}
          </>
        }
      />
      <FormStatus submission={paying} />
      <section className="panel" aria-labelledby="lines-title">
        <h2 id="lines-title">Lines</h2>
        {invoice.periodStart && (
          <p className="muted">
            Period <Period start={invoice.periodStart} end={invoice.periodEnd} timeZone={timeZone} />
          </p>
        )}
        <AmountBreakdown breakdown={invoice} caption={title} timeZone={timeZone}>
          {invoice.creditApplied !== 0 && (
            <TotalRow
              label="Account credit applied"
              amount={-invoice.creditApplied}
              currency={invoice.currency}
            />
          )}
          {invoice.amountPaid !== 0 && (
            <TotalRow label="Paid" amount={-invoice.amountPaid} currency={invoice.currency} />
          )}
          <TotalRow label="Amount due" amount={invoice.amountDue} currency={invoice.currency} isStrong />
        </AmountBreakdown>
        {invoice.status === 'open' && invoice.nextChargeAt && (
          <p className="note">
            Your default card will be charged on <Day value={invoice.nextChargeAt} timeZone={timeZone} />.
          </p>
        )}
      </section>
      <section className="panel" aria-labelledby="question-title">
        <h2 id="question-title">Ask a billing question</h2>
        <AskQuestionForm invoice={invoice} />
      </section>
    </>
  );
}
