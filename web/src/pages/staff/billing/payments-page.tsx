import { Link } from 'react-router';
import { PaymentsTable } from '../../../components/billing/payments-table';
import { PageHeader } from '../../../components/page-header';
import { PagedListView } from '../../../components/paged-list';
import { Empty } from '../../../components/states';
import { usePagedList } from '../../../hooks/use-api-data';
import { StaffBillingNav, staffInvoicePath } from './staff-billing-nav';

/** Payments across customers. Refunds are made from the invoice a payment belongs to. */
export function StaffPaymentsPage() {
  const payments = usePagedList('/api/v1/admin/billing/payments');
  return (
    <>
      <PageHeader title="Payments" description="Charges and attempts across customers, newest first." />
      <StaffBillingNav />
      <section className="panel" aria-label="Payments">
        <PagedListView list={payments} empty={<Empty title="No payments yet" />}>
          {(items) => (
            <PaymentsTable
              payments={items}
              invoiceCell={(payment) => (
                <Link to={staffInvoicePath({ id: payment.invoiceId, customerId: payment.customerId })}>
                  {payment.invoiceId}
                </Link>
              )}
            />
          )}
        </PagedListView>
      </section>
    </>
  );
}
