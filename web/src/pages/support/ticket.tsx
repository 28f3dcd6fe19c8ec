import { Link, Navigate, useParams } from 'react-router';
import { api, multipart, seg, unwrap } from '../../api/client';
import type { Ticket, TicketDetail } from '../../api/views';
import { DateTime } from '../../components/date-time';
import { FormStatus } from '../../components/form-status';
import { PageHeader } from '../../components/page-header';
import { DataView, Loading } from '../../components/states';
import { attachmentBytes, MessageThread } from '../../components/support/message-thread';
import { ReplyForm } from '../../components/support/reply-form';
import { TicketConcerns } from '../../components/support/ticket-concerns';
import { TicketNotFound } from '../../components/support/ticket-not-found';
import { PriorityBadge, TicketStatusBadge } from '../../components/support/ticket-badges';
import { useApiData } from '../../hooks/use-api-data';
import { useSubmit, type Submission } from '../../hooks/use-submit';
import { useMe } from '../../session/session';
import { RatingForm } from './rating-form';

/** A customer's link to a ticket (from a mail, say) opened by staff shows them the staff view of it. */
export function TicketPage() {
  const { ticketId = '' } = useParams();
  const me = useMe();
  if (me.user.kind === 'staff') return <Navigate to={`/staff/tickets/${seg(ticketId)}`} replace />;
  return <CustomerTicketPage ticketId={ticketId} />;
}

function CustomerTicketPage({ ticketId }: { ticketId: string }) {
  const detail = useApiData('/api/v1/tickets/{id}', { params: { path: { id: ticketId } } });
  return (
    <>
      <p className="breadcrumb">
        <Link to="/support">← All tickets</Link>
      </p>
      {detail.status === 'error' && detail.error.status === 404 ? (
        <TicketNotFound backTo="/support" />
      ) : (
        <DataView state={detail} onRetry={detail.reload}>
          {(data) => <TicketView detail={data} onChanged={detail.reload} />}
        </DataView>
      )}
    </>
  );
}

function TicketView({ detail, onChanged }: { detail: TicketDetail; onChanged(): void }) {
  const { ticket, messages } = detail;
  const settings = useApiData('/api/v1/support/form-settings');
  const params = { path: { id: ticket.id } };
  const usedBytes = attachmentBytes(messages);
  const canReply = ticket.status !== 'closed' && ticket.status !== 'merged';
  const statusChange = useSubmit();

  return (
    <>
      <PageHeader
        title={ticket.subject}
        description={
          <>
            <TicketStatusBadge status={ticket.status} /> <PriorityBadge priority={ticket.priority} /> ·{' '}
            {ticket.department.name} · <span className="cell-id">{ticket.id}</span> · Opened{' '}
            <DateTime value={ticket.createdAt} />
          </>
        }
        actions={<StatusActions ticket={ticket} submission={statusChange} onChanged={onChanged} />}
      />
      <TicketConcerns hostId={ticket.hostId} invoiceId={ticket.invoiceId} />
      <FormStatus submission={statusChange} />
      {ticket.mergedIntoId && (
        <p className="callout">
          This ticket was merged into{' '}
          <Link to={`/support/tickets/${seg(ticket.mergedIntoId)}`}>{ticket.mergedIntoId}</Link>, where the
          conversation continues.
        </p>
      )}
      <section className="panel" aria-labelledby="thread-title">
        <h2 id="thread-title">Conversation</h2>
        <MessageThread messages={messages} />
      </section>
      {ticket.canRate && <RatingForm ticketId={ticket.id} onRated={onChanged} />}
      {ticket.rating !== null && (
        <p className="callout">
          You rated this ticket {ticket.rating} out of 5. Thank you!
          {ticket.ratingComment && <> “{ticket.ratingComment}”</>}
        </p>
      )}
      {canReply && (
        <section className="panel" aria-labelledby="reply-title">
          <h2 id="reply-title">Reply</h2>
          {ticket.status === 'resolved' && <p className="field-hint">Replying reopens this ticket.</p>}
          {settings.status === 'ready' ? (
            <ReplyForm
              send={(message, files) =>
                unwrap(
                  api.POST('/api/v1/tickets/{id}/replies', { params, body: message, ...multipart(files) }),
                )
              }
              settings={settings.data}
              usedBytes={usedBytes}
              withLogs
              submitLabel="Send reply"
              onSent={onChanged}
            />
          ) : (
            <Loading />
          )}
        </section>
      )}
    </>
  );
}

function StatusActions({
  ticket,
  submission,
  onChanged,
}: {
  ticket: Ticket;
  submission: Submission;
  onChanged(): void;
}) {
  const canClose = ticket.status !== 'closed' && ticket.status !== 'merged';
  const canReopen = ticket.status === 'resolved' || ticket.status === 'closed';

  async function act(action: 'close' | 'reopen') {
    const ok = await submission.run(async () => {
      const params = { path: { id: ticket.id } };
      await unwrap(
        action === 'close'
          ? api.POST('/api/v1/tickets/{id}/close', { params })
          : api.POST('/api/v1/tickets/{id}/reopen', { params }),
      );
    });
    if (ok) onChanged();
  }

  return (
    <>
      {canReopen && (
        <button
          type="button"
          className="button button-secondary"
          disabled={submission.isPending}
          onClick={() => void act('reopen')}
        >
          Reopen ticket
        </button>
      )}
      {canClose && (
        <button
          type="button"
          className="button button-secondary"
          disabled={submission.isPending}
          onClick={() => void act('close')}
        >
          Close ticket
        </button>
      )}
    </>
  );
}
