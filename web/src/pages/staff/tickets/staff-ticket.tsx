import { useEffect, useState } from 'react';
import { Link, useParams } from 'react-router';
import { api, seg, unwrap } from '../../../api/client';
import type { StaffTicketDetail, TicketViewer } from '../../../api/views';
import { DateTime } from '../../../components/date-time';
import { TicketIncidents } from '../../../components/ticket-incidents';
import { PageHeader } from '../../../components/page-header';
import { DataView, Loading } from '../../../components/states';
import { attachmentBytes, MessageThread } from '../../../components/support/message-thread';
import { PriorityBadge, SlaTimers, TicketStatusBadge } from '../../../components/support/ticket-badges';
import { TicketNotFound } from '../../../components/support/ticket-not-found';
import { useApiData } from '../../../hooks/use-api-data';
import { ContextPanel } from './context-panel';
import { StaffComposer } from './staff-composer';
import { TicketControls } from './ticket-controls';

/** How often an open ticket tells the server the agent is still looking at it. */
const HEARTBEAT_MS = 45_000;

export function StaffTicketPage() {
  const { ticketId = '' } = useParams();
  const detail = useApiData('/api/v1/admin/tickets/{id}', { params: { path: { id: ticketId } } });
  return (
    <>
      <p className="breadcrumb">
        <Link to="/staff/tickets">← Ticket queue</Link>
      </p>
      {detail.status === 'error' && detail.error.status === 404 ? (
        <TicketNotFound backTo="/staff/tickets" />
      ) : (
        <DataView state={detail} onRetry={detail.reload}>
          {(data) => <StaffTicketView detail={data} onChanged={detail.reload} />}
        </DataView>
      )}
    </>
  );
}

function StaffTicketView({ detail, onChanged }: { detail: StaffTicketDetail; onChanged(): void }) {
  const { ticket, messages } = detail;
  const settings = useApiData('/api/v1/support/form-settings');
  const viewers = useOtherViewers(ticket.id, detail.otherViewers);
  const usedBytes = attachmentBytes(messages);

  return (
    <>
      <PageHeader
        title={ticket.subject}
        description={
          <>
            <TicketStatusBadge status={ticket.status} /> <PriorityBadge priority={ticket.priority} />{' '}
            <SlaTimers ticket={ticket} /> · {ticket.department.name} · {ticket.customerName} ·{' '}
            <span className="cell-id">{ticket.id}</span> · Opened <DateTime value={ticket.createdAt} />
          </>
        }
      />
      <div aria-live="polite">
        {viewers.length > 0 && (
          <p className="alert alert-warning" role="status">
            <strong>{viewers.map((viewer) => viewer.name).join(', ')}</strong>{' '}
            {viewers.length === 1 ? 'is' : 'are'} also viewing this ticket. Check before you answer.
          </p>
        )}
      </div>
      <TicketIncidents ticketId={ticket.id} />
      {ticket.mergedIntoId && (
        <p className="callout">
          Merged into <Link to={`/staff/tickets/${seg(ticket.mergedIntoId)}`}>{ticket.mergedIntoId}</Link>.
        </p>
      )}
      <div className="ticket-layout">
        <div className="ticket-main">
          <section className="panel" aria-labelledby="thread-title">
            <h2 id="thread-title">Conversation</h2>
            <MessageThread messages={messages} />
          </section>
          {ticket.status !== 'merged' &&
            (settings.status === 'ready' ? (
              <StaffComposer
                ticketId={ticket.id}
                departmentId={ticket.department.id}
                settings={settings.data}
                usedBytes={usedBytes}
                onSent={onChanged}
              />
            ) : (
              <Loading />
            ))}
        </div>
        <aside className="ticket-aside" aria-label="Ticket details">
          <TicketControls ticket={ticket} onChanged={onChanged} />
          <ContextPanel ticket={ticket} />
        </aside>
      </div>
    </>
  );
}

/** Keeps telling the server this agent has the ticket open, and answers who else does. */
function useOtherViewers(ticketId: string, initial: TicketViewer[]): TicketViewer[] {
  const [viewers, setViewers] = useState(initial);
  useEffect(() => setViewers(initial), [initial]);
  useEffect(() => {
    const beat = () =>
      unwrap(api.POST('/api/v1/admin/tickets/{id}/viewing', { params: { path: { id: ticketId } } }))
        .then((answer) => setViewers(answer.otherViewers))
        // A missed heartbeat only means the warning may be a little out of date.
        .catch(() => undefined);
    const timer = window.setInterval(beat, HEARTBEAT_MS);
    return () => window.clearInterval(timer);
  }, [ticketId]);
  return viewers;
}
