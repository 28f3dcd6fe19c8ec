import { Link } from 'react-router';
import { useState } from 'react';
import type { Ticket, TicketStatus } from '../../api/views';
import { DateTime } from '../../components/date-time';
import { PageHeader } from '../../components/page-header';
import { PagedListView } from '../../components/paged-list';
import { SelectField } from '../../components/select-field';
import { Empty } from '../../components/states';
import { TicketStatusBadge } from '../../components/support/ticket-badges';
import { usePagedList } from '../../hooks/use-api-data';

const views = {
  all: { label: 'All tickets', statuses: [] },
  open: {
    label: 'Open',
    statuses: ['open', 'in_progress', 'waiting_on_customer', 'customer_reply', 'on_hold'],
  },
  done: { label: 'Resolved and closed', statuses: ['resolved', 'closed', 'merged'] },
} satisfies Record<string, { label: string; statuses: TicketStatus[] }>;

type View = keyof typeof views;

const viewOptions = (['all', 'open', 'done'] as const).map((value) => ({ value, label: views[value].label }));

export function SupportPage() {
  const [view, setView] = useState<View>('all');
  const tickets = usePagedList('/api/v1/tickets', { params: { query: { status: views[view].statuses } } });
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
        <div className="list-filter">
          <SelectField
            label="Show"
            name="view"
            value={view}
            onValueChange={(chosen) => setView(chosen)}
            options={viewOptions}
          />
        </div>
        <PagedListView
          list={tickets}
          empty={
            view === 'all' ? (
              <Empty title="No tickets yet">
                <p>When something does not work, submit a ticket and we will answer here and by email.</p>
              </Empty>
            ) : (
              <Empty title="No tickets in this view" />
            )
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
