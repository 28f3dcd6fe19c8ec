import { Link } from 'react-router';
import type { GetData } from '../api/views';
import { AuthLayout } from '../components/auth-layout';
import { DateTime } from '../components/date-time';
import { PageHeader } from '../components/page-header';
import { DataView } from '../components/states';
import { useApiData } from '../hooks/use-api-data';
import { useSession } from '../session/session';

type Incident = GetData<'/api/v1/status'>['current'][number];

const stateText = {
  operational: 'All systems operational',
  degraded: 'Some services are degraded',
  outage: 'Service disruption',
} as const;

export const incidentStatusLabels: Record<Incident['status'], string> = {
  investigating: 'Investigating',
  identified: 'Identified',
  monitoring: 'Monitoring',
  resolved: 'Resolved',
};

const impactLabels: Record<Incident['impact'], string> = {
  minor: 'Minor',
  major: 'Major',
  critical: 'Critical',
};

/** The public status page: open it signed in or not. It names no host and no customer. */
export function StatusPage() {
  const status = useApiData('/api/v1/status');
  const isSignedIn = useSession().state.status === 'signed-in';
  return (
    <AuthLayout
      footer={
        <Link to={isSignedIn ? '/' : '/login'}>{isSignedIn ? 'Back to the dashboard' : 'Sign in'}</Link>
      }
    >
      <PageHeader title="Service status" />
      <DataView state={status} onRetry={status.reload}>
        {(data) => (
          <>
            <p
              className={`alert ${data.state === 'operational' ? 'alert-success' : 'alert-warning'}`}
              role="status"
            >
              {stateText[data.state]}
            </p>
            {data.current.length > 0 && (
              <section aria-labelledby="current-title">
                <h2 id="current-title">Current incidents</h2>
                {data.current.map((incident) => (
                  <IncidentEntry key={incident.id} incident={incident} />
                ))}
              </section>
            )}
            <section aria-labelledby="past-title">
              <h2 id="past-title">Past incidents</h2>
              {data.past.length === 0 ? (
                <p className="muted">No incidents in the last 90 days.</p>
              ) : (
                data.past.map((incident) => <IncidentEntry key={incident.id} incident={incident} />)
              )}
            </section>
          </>
        )}
      </DataView>
    </AuthLayout>
  );
}

export function IncidentEntry({ incident }: { incident: Incident }) {
  return (
    <article className="incident" aria-label={incident.title}>
      <h3 className="incident-title">{incident.title}</h3>
      <p className="incident-meta">
        {impactLabels[incident.impact]} impact · started <DateTime value={incident.startedAt} />
        {incident.resolvedAt && (
          <>
            {' '}
            · resolved <DateTime value={incident.resolvedAt} />
          </>
        )}
      </p>
      <ol className="incident-updates">
        {incident.updates.map((update) => (
          <li key={update.createdAt + update.status}>
            <strong>{incidentStatusLabels[update.status]}</strong> — <DateTime value={update.createdAt} />
            <div>{update.message}</div>
          </li>
        ))}
      </ol>
    </article>
  );
}
