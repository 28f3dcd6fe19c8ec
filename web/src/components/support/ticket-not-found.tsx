import { Link } from 'react-router';
import { PageHeader } from '../page-header';
import { Empty } from '../states';

/** What a ticket page shows for an id that does not exist or is someone else's (the API answers 404 for both). */
export function TicketNotFound({ backTo }: { backTo: string }) {
  return (
    <>
      <PageHeader title="Ticket not found" />
      <Empty title="There is no such ticket.">
        <p>
          It may have been mistyped, or it belongs to another account.{' '}
          <Link to={backTo}>See all tickets</Link>
        </p>
      </Empty>
    </>
  );
}
