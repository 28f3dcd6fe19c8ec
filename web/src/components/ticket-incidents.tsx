import { Link } from 'react-router';
import { useApiData } from '../hooks/use-api-data';

/** On a staff ticket: the incidents it was linked to when the customer opened it. */
export function TicketIncidents({ ticketId }: { ticketId: string }) {
  const incidents = useApiData('/api/v1/admin/tickets/{id}/incidents', {
    params: { path: { id: ticketId } },
  });
  if (incidents.status !== 'ready' || incidents.data.items.length === 0) return null;
  return (
    <div className="alert alert-warning" role="note">
      Opened during{' '}
      {incidents.data.items.map((incident, index) => (
        <span key={incident.id}>
          {index > 0 && ', '}
          <Link to={`/staff/incidents/${encodeURIComponent(incident.id)}`}>{incident.title}</Link> (
          {incident.status})
        </span>
      ))}
      .
    </div>
  );
}
