import { DateTime } from '../../components/date-time';
import { PageHeader } from '../../components/page-header';
import { PagedListView } from '../../components/paged-list';
import { Empty } from '../../components/states';
import { StatusBadge } from '../../components/status-badge';
import { usePagedList } from '../../hooks/use-api-data';

export function StaffCustomersPage() {
  const customers = usePagedList('/api/v1/admin/customers');
  return (
    <>
      <PageHeader title="Customers" description="Organisations that signed up." />
      <section className="panel" aria-label="Customers">
        <PagedListView list={customers} empty={<Empty title="No customers yet" />}>
          {(items) => (
            <div className="table-wrap">
              <table className="table">
                <thead>
                  <tr>
                    <th scope="col">Organisation</th>
                    <th scope="col">Owner</th>
                    <th scope="col">Status</th>
                    <th scope="col">Signed up</th>
                  </tr>
                </thead>
                <tbody>
                  {items.map((customer) => (
                    <tr key={customer.id}>
                      <td>
                        <div className="cell-primary">{customer.name}</div>
                        <div className="cell-id">{customer.id}</div>
                      </td>
                      <td>{customer.ownerEmail ?? '—'}</td>
                      <td>
                        <StatusBadge status={customer.status} />
                      </td>
                      <td>
                        <DateTime value={customer.createdAt} />
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )}
        </PagedListView>
      </section>
    </>
  );
}
