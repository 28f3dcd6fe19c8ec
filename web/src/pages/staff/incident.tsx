import { useState, type FormEvent } from 'react';
import { Link, useParams } from 'react-router';
import { api, unwrap } from '../../api/client';
import type { GetData } from '../../api/views';
import { DateTime } from '../../components/date-time';
import { FormStatus } from '../../components/form-status';
import { PageHeader } from '../../components/page-header';
import { SelectField } from '../../components/select-field';
import { DataView } from '../../components/states';
import { StatusBadge } from '../../components/status-badge';
import { TextareaField } from '../../components/support/textarea-field';
import { useApiData } from '../../hooks/use-api-data';
import { useSubmit } from '../../hooks/use-submit';
import { IncidentEntry } from '../status';

type Incident = GetData<'/api/v1/admin/incidents/{id}'>;

const statuses = [
  { value: 'investigating', label: 'Investigating' },
  { value: 'identified', label: 'Identified' },
  { value: 'monitoring', label: 'Monitoring' },
  { value: 'resolved', label: 'Resolved (emails the customers)' },
] as const;
type Status = (typeof statuses)[number]['value'];

/** One incident: its timeline, the hosts it names, the tickets linked to it, and the next update. */
export function StaffIncidentPage() {
  const { incidentId = '' } = useParams();
  const incident = useApiData('/api/v1/admin/incidents/{id}', { params: { path: { id: incidentId } } });
  return (
    <DataView state={incident} onRetry={incident.reload}>
      {(data) => (
        <>
          <PageHeader title={data.title} description={<StatusBadge status={data.status} />} />
          {data.status !== 'resolved' && <UpdateForm incident={data} onPosted={incident.reload} />}
          <section className="panel" aria-labelledby="timeline-title">
            <h2 id="timeline-title">Timeline</h2>
            <IncidentEntry incident={data} />
          </section>
          <section className="panel" aria-labelledby="hosts-title">
            <h2 id="hosts-title">Affected hosts</h2>
            {data.isAllHosts ? (
              <p>Every host.</p>
            ) : (
              <ul>
                {data.hosts.map((host) => (
                  <li key={host.hostId}>{host.domain}</li>
                ))}
              </ul>
            )}
          </section>
          <section className="panel" aria-labelledby="tickets-title">
            <h2 id="tickets-title">Linked tickets</h2>
            {data.tickets.length === 0 ? (
              <p className="muted">No affected customer has opened a ticket since the incident began.</p>
            ) : (
              <ul>
                {data.tickets.map((ticket) => (
                  <li key={ticket.ticketId}>
                    <Link to={`/staff/tickets/${encodeURIComponent(ticket.ticketId)}`}>{ticket.subject}</Link>{' '}
                    <span className="muted">
                      opened <DateTime value={ticket.linkedAt} />
                    </span>
                  </li>
                ))}
              </ul>
            )}
          </section>
        </>
      )}
    </DataView>
  );
}

function UpdateForm({ incident, onPosted }: { incident: Incident; onPosted(): void }) {
  const submission = useSubmit();
  const [status, setStatus] = useState<Status>(incident.status);
  const [message, setMessage] = useState('');

  async function handleSubmit(event: FormEvent) {
    event.preventDefault();
    const ok = await submission.run(async () => {
      await unwrap(
        api.POST('/api/v1/admin/incidents/{id}/updates', {
          params: { path: { id: incident.id } },
          body: { status, message },
        }),
      );
      return 'The update is posted.';
    });
    if (ok) {
      setMessage('');
      onPosted();
    }
  }

  return (
    <section className="panel" aria-labelledby="update-title">
      <h2 id="update-title">Post an update</h2>
      <form onSubmit={(event) => void handleSubmit(event)} noValidate>
        <SelectField<Status>
          label="Status"
          name="status"
          options={statuses}
          value={status}
          onValueChange={setStatus}
        />
        <TextareaField
          label="Message"
          name="message"
          required
          rows={3}
          value={message}
          onChange={(event) => setMessage(event.target.value)}
          error={submission.fieldError('message')}
        />
        <FormStatus submission={submission} />
        <div className="form-actions">
          <button type="submit" className="button button-primary" disabled={submission.isPending}>
            {submission.isPending ? 'Posting…' : 'Post update'}
          </button>
        </div>
      </form>
    </section>
  );
}
