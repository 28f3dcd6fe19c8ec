import { Link } from 'react-router';
import { useApiData } from '../hooks/use-api-data';

const statusLabels = {
  investigating: 'Investigating',
  identified: 'Cause identified',
  monitoring: 'Fix applied, monitoring',
  resolved: 'Resolved',
} as const;

/**
 * The open incidents that affect the signed-in customer's hosts, on every page until they are
 * resolved. Reading them failing is not worth a second error on every page, so it shows nothing.
 */
export function IncidentBanner() {
  const incidents = useApiData('/api/v1/incidents/current');
  if (incidents.status !== 'ready' || incidents.data.items.length === 0) return null;
  return (
    <div className="banner banner-incident" role="status">
      {incidents.data.items.map((incident) => (
        <div className="banner-inner" key={incident.id}>
          <strong>{incident.title}</strong> · {statusLabels[incident.status]}
          <div>
            {incident.isAllHosts
              ? 'This affects all IM hosts.'
              : `This affects ${incident.domains.join(', ')}.`}{' '}
            {incident.updates[0]?.message}
          </div>
          <div className="banner-actions">
            <Link to="/status">See the status page</Link>
          </div>
        </div>
      ))}
    </div>
  );
}
