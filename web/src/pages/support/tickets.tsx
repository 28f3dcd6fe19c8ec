import { Link } from 'react-router';
import type { Ticket } from '../../api/types';
import { DateTime } from '../../components/date-time';
import { PageHeader } from '../../components/page-header';
import { PagedListView } from '../../components/paged-list';
import { Empty } from '../../components/states';
import { TicketStatusBadge } from '../../components/support/ticket-badges';
import { usePagedList } from '../../hooks/use-api-data';

export function SupportPage() {
  const tickets = usePagedList<Ticket>('/tickets');
  return (
    <>
      <PageHeader
        title="Support"
        description="Ask our team for help with your hosts, members or billing."
        actions={
          <>
            <Link to="/support/new?department=dep_billing" className="button button-secondary">
              Ask a billing question
            </Link>
            <Link to="/support/new" className="button button-primary">
              Submit ticket
            </Link>
          </>
        }
      />
      <section className="panel" aria-labelledby="ticket-list-title">
        <h2 id="ticket-list-title">Your tickets</h2>
        <PagedListView
          list={tickets}
          empty={
            <Empty title="No tickets yet">
              <p>When something does not work, submit a ticket and we will answer here and by email.</p>
            </Empty>
          }
        >
          {(items) => <CustomerTicketTable tickets={items} />}
        </PagedListView>
      </section>
    </>
  );
}

function CustomerTicketTable({ tickets }: { tickets: Ticket[] }) {
  return (
    <div className="table-wrap">
      <table className="table">
        <thead>
          <tr>
            <th scope="col">Subject</th>
            <th scope="col">Department</th>
            <th scope="col">Status</th>
            <th scope="col">Last update</th>
          </tr>
        </thead>
        <tbody>
          {tickets.map((ticket) => (
            <tr key={ticket.id}>
              <td>
                <Link to={`/support/tickets/${encodeURIComponent(ticket.id)}`} className="strong-link">
                  {ticket.subject}
                </Link>
                <div className="cell-secondary">{ticket.id}</div>
              </td>
              <td>{ticket.department.name}</td>
              <td>
                <TicketStatusBadge status={ticket.status} />
              </td>
              <td>
                <DateTime value={ticket.updatedAt} />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
