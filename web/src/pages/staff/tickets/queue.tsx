import { useState, type FormEvent } from 'react';
import { Link, useSearchParams } from 'react-router';
import type { StaffTicket, TicketStatus } from '../../../api/views';
import { DateTime } from '../../../components/date-time';
import { Field } from '../../../components/field';
import { PageHeader } from '../../../components/page-header';
import { PagedListView } from '../../../components/paged-list';
import { SelectField } from '../../../components/select-field';
import { Empty } from '../../../components/states';
import {
  priorityLabel,
  PriorityBadge,
  SlaTimers,
  TICKET_PRIORITIES,
  TICKET_STATUSES,
  ticketStatusLabel,
  TicketStatusBadge,
} from '../../../components/support/ticket-badges';
import { useApiData, usePagedList } from '../../../hooks/use-api-data';
import { useMe } from '../../../session/session';

/** The statuses that still need someone: the queue's default view. */
const ACTIVE: TicketStatus[] = ['open', 'in_progress', 'customer_reply', 'waiting_on_customer', 'on_hold'];

type FilterName = 'status' | 'priority' | 'departmentId' | 'assignee' | 'q';

/** The API query for the filters in the page's URL, so a filtered queue can be bookmarked and shared. */
function queueQuery(params: URLSearchParams) {
  const status = params.get('status') ?? 'active';
  const priority = params.get('priority');
  return {
    status: status === 'active' ? ACTIVE : TICKET_STATUSES.filter((value) => value === status),
    priority: TICKET_PRIORITIES.find((value) => value === priority),
    departmentId: params.get('departmentId') || undefined,
    assignee: params.get('assignee') || undefined,
    q: params.get('q') || undefined,
  };
}

export function StaffTicketsPage() {
  const [params, setParams] = useSearchParams();
  const tickets = usePagedList('/api/v1/admin/tickets', { params: { query: queueQuery(params) } });
  const departments = useApiData('/api/v1/admin/support/departments');
  const staff = useApiData('/api/v1/admin/staff', { params: { query: { limit: 200 } } });
  const me = useMe();
  const [search, setSearch] = useState(params.get('q') ?? '');

  function setFilter(name: FilterName, value: string) {
    const next = new URLSearchParams(params);
    if (value) next.set(name, value);
    else next.delete(name);
    setParams(next, { replace: true });
  }

  function handleSearch(event: FormEvent) {
    event.preventDefault();
    setFilter('q', search.trim());
  }

  const staffNames = new Map(
    staff.status === 'ready' ? staff.data.items.map((user) => [user.id, user.name]) : [],
  );

  return (
    <>
      <PageHeader
        title="Tickets"
        description="Customer requests, most recent first."
        actions={
          <Link to="/staff/tickets/settings" className="button button-secondary">
            Desk settings
          </Link>
        }
      />
      <section className="panel" aria-label="Filters">
        <form className="queue-filters" onSubmit={handleSearch} role="search">
          <SelectField
            label="Status"
            name="status"
            value={params.get('status') ?? 'active'}
            onChange={(event) =>
              setFilter('status', event.target.value === 'active' ? '' : event.target.value)
            }
            options={[
              { value: 'active', label: 'Needs work' },
              { value: 'all', label: 'All' },
              ...TICKET_STATUSES.map((status) => ({ value: status, label: ticketStatusLabel(status) })),
            ]}
          />
          <SelectField
            label="Priority"
            name="priority"
            value={params.get('priority') ?? ''}
            onChange={(event) => setFilter('priority', event.target.value)}
            options={[
              { value: '', label: 'Any' },
              ...TICKET_PRIORITIES.map((value) => ({ value, label: priorityLabel(value) })),
            ]}
          />
          <SelectField
            label="Department"
            name="departmentId"
            value={params.get('departmentId') ?? ''}
            onChange={(event) => setFilter('departmentId', event.target.value)}
            options={[
              { value: '', label: 'Any' },
              ...(departments.status === 'ready'
                ? departments.data.items.map((d) => ({ value: d.id, label: d.name }))
                : []),
            ]}
          />
          <SelectField
            label="Assignee"
            name="assignee"
            value={params.get('assignee') ?? ''}
            onChange={(event) => setFilter('assignee', event.target.value)}
            options={[
              { value: '', label: 'Anyone' },
              { value: me.user.id, label: 'Me' },
              { value: 'none', label: 'Unassigned' },
              ...(staff.status === 'ready'
                ? staff.data.items
                    .filter((user) => user.id !== me.user.id)
                    .map((user) => ({ value: user.id, label: user.name }))
                : []),
            ]}
          />
          <Field
            label="Search"
            name="q"
            type="search"
            value={search}
            onChange={(event) => setSearch(event.target.value)}
            placeholder="Subject, message, email, ticket id"
          />
          <div className="queue-search-action">
            <button type="submit" className="button button-secondary">
              Search
            </button>
          </div>
        </form>
      </section>
      <section className="panel" aria-labelledby="queue-title">
        <h2 id="queue-title">Queue</h2>
        <PagedListView
          list={tickets}
          empty={
            <Empty title="No tickets match">
              <p>Change the filters or the search to see more.</p>
            </Empty>
          }
        >
          {(items) => <QueueTable tickets={items} staffNames={staffNames} />}
        </PagedListView>
      </section>
    </>
  );
}

function QueueTable({ tickets, staffNames }: { tickets: StaffTicket[]; staffNames: Map<string, string> }) {
  return (
    <div className="table-wrap">
      <table className="table">
        <thead>
          <tr>
            <th scope="col">Subject</th>
            <th scope="col">Customer</th>
            <th scope="col">Status</th>
            <th scope="col">Priority</th>
            <th scope="col">Assignee</th>
            <th scope="col">SLA</th>
            <th scope="col">Updated</th>
          </tr>
        </thead>
        <tbody>
          {tickets.map((ticket) => (
            <tr key={ticket.id}>
              <td>
                <Link to={`/staff/tickets/${encodeURIComponent(ticket.id)}`} className="strong-link">
                  {ticket.subject}
                </Link>
                <div className="cell-secondary">{ticket.department.name}</div>
              </td>
              <td>
                {ticket.customerName}
                <div className="cell-secondary">{ticket.requester.email}</div>
              </td>
              <td>
                <TicketStatusBadge status={ticket.status} />
              </td>
              <td>
                <PriorityBadge priority={ticket.priority} />
              </td>
              <td>
                {ticket.assigneeId ? (
                  (staffNames.get(ticket.assigneeId) ?? ticket.assigneeId)
                ) : (
                  <span className="muted">Unassigned</span>
                )}
              </td>
              <td>
                <SlaTimers ticket={ticket} />
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
