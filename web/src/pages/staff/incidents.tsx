import { Link } from 'react-router';
import { DateTime } from '../../components/date-time';
import { PageHeader } from '../../components/page-header';
import { PagedListView } from '../../components/paged-list';
import { Empty } from '../../components/states';
import { StatusBadge } from '../../components/status-badge';
import { usePagedList } from '../../hooks/use-api-data';
import { OpenIncidentForm } from './open-incident-form';

/** Every incident, newest first, and the form to open one. */
export function StaffIncidentsPage() {
  const incidents = usePagedList('/api/v1/admin/incidents', { params: { query: { limit: 50 } } });
  return (
    <>
      <PageHeader
        title="Incidents"
        description={
          <>
            Outages and slowdowns, as customers see them in their dashboard and on the{' '}
            <Link to="/status">public status page</Link>.
          </>
        }
      />
      <OpenIncidentForm />
      <section className="panel" aria-labelledby="incidents-title">
        <h2 id="incidents-title">All incidents</h2>
        <PagedListView list={incidents} empty={<Empty title="No incidents yet" />}>
          {(items) => (
            <div className="table-wrap">
              <table className="table">
                <thead>
                  <tr>
                    <th scope="col">Incident</th>
                    <th scope="col">Status</th>
                    <th scope="col">Started</th>
                    <th scope="col">Tickets</th>
                  </tr>
                </thead>
                <tbody>
                  {items.map((incident) => (
                    <tr key={incident.id}>
                      <td>
                        <Link to={`/staff/incidents/${encodeURIComponent(incident.id)}`}>
                          {incident.title}
                        </Link>
                        <div className="cell-secondary">
                          {incident.isAllHosts
                            ? 'All hosts'
                            : incident.hosts.map((host) => host.domain).join(', ')}
                        </div>
                      </td>
                      <td>
                        <StatusBadge status={incident.status} />
                      </td>
                      <td>
                        <DateTime value={incident.startedAt} />
                      </td>
                      <td>{incident.tickets.length}</td>
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
