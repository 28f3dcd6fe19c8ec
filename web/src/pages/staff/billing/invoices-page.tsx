import { useState } from 'react';
import type { InvoiceSummary } from '../../../api/views';
import { InvoiceTable } from '../../../components/billing/invoice-table';
import { PageHeader } from '../../../components/page-header';
import { PagedListView } from '../../../components/paged-list';
import { SelectField } from '../../../components/select-field';
import { Empty } from '../../../components/states';
import { usePagedList } from '../../../hooks/use-api-data';
import { StaffBillingNav, staffCustomerPath, staffInvoicePath } from './staff-billing-nav';

const statuses: { value: InvoiceSummary['status'] | ''; label: string }[] = [
  { value: '', label: 'All' },
  { value: 'draft', label: 'Draft' },
  { value: 'open', label: 'Open' },
  { value: 'paid', label: 'Paid' },
  { value: 'void', label: 'Void' },
];

export function StaffInvoicesPage() {
  const [status, setStatus] = useState('');
  const invoices = usePagedList('/api/v1/admin/billing/invoices', {
    params: { query: { status: statuses.find((option) => option.value === status)?.value || undefined } },
  });
  return (
    <>
      <PageHeader title="Invoices" description="Every customer's invoices, newest first." />
      <StaffBillingNav />
      <section className="panel" aria-label="Invoices">
        <div className="filters">
          <SelectField
            label="Status"
            name="status"
            className="select-compact"
            value={status}
            options={statuses}
            onChange={(event) => setStatus(event.target.value)}
          />
        </div>
        <PagedListView list={invoices} empty={<Empty title="No invoices" />}>
          {(items) => (
            <InvoiceTable invoices={items} linkTo={staffInvoicePath} customerLinkTo={staffCustomerPath} />
          )}
        </PagedListView>
      </section>
    </>
  );
}
