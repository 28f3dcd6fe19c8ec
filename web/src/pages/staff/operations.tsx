import { api, unwrap } from '../../api/client';
import { DateTime } from '../../components/date-time';
import { FormStatus } from '../../components/form-status';
import { LinkifiedText } from '../../components/linkified-text';
import { PageHeader } from '../../components/page-header';
import { DataView } from '../../components/states';
import { useApiData, type GetData } from '../../hooks/use-api-data';
import { useSubmit } from '../../hooks/use-submit';
import { StaffMonitoringSection } from './monitoring-section';

type Operations = GetData<'/api/v1/admin/operations'>;

/** What this node runs, and whether a newer imhost is out (from the release feed). */
export function StaffOperationsPage() {
  const operations = useApiData('/api/v1/admin/operations');
  return (
    <>
      <PageHeader
        title="Versions and updates"
        description="The software this node runs, and the releases the release feed lists."
      />
      <DataView state={operations} onRetry={operations.reload}>
        {(data) => (
          <>
            <VersionsSection versions={data.versions} />
            <UpdatesSection release={data.release} onChecked={operations.reload} />
          </>
        )}
      </DataView>
      <StaffMonitoringSection />
    </>
  );
}

function VersionsSection({ versions }: { versions: Operations['versions'] }) {
  return (
    <section className="panel" aria-labelledby="versions-title">
      <h2 id="versions-title">Versions</h2>
      <dl className="facts">
        <dt>imhost</dt>
        <dd>{versions.imhost}</dd>
        <dt>Node.js</dt>
        <dd>{versions.node}</dd>
        <dt>OpenSSL</dt>
        <dd>{versions.openssl}</dd>
        <dt>{versions.database.kind === 'sqlite' ? 'SQLite' : 'PostgreSQL'}</dt>
        <dd>{versions.database.version}</dd>
      </dl>
    </section>
  );
}

function UpdatesSection({ release, onChecked }: { release: Operations['release']; onChecked(): void }) {
  const check = useSubmit();
  if (!release.isEnabled)
    return (
      <section className="panel" aria-labelledby="updates-title">
        <h2 id="updates-title">Updates</h2>
        <p className="muted">
          No release feed is configured. Set IMHOST_RELEASE_FEED_URL to be told when a newer imhost is out.
        </p>
      </section>
    );
  const checkNow = () =>
    check.run(async () => {
      await unwrap(api.POST('/api/v1/admin/operations/release-check'));
      onChecked();
      return 'The release feed was checked.';
    });
  return (
    <section className="panel" aria-labelledby="updates-title">
      <h2 id="updates-title">Updates</h2>
      {release.isUpdateAvailable ? (
        <p className="alert alert-warning" role="status">
          An update is available: imhost {release.newer[0]!.version} (this node runs {release.current}).
        </p>
      ) : release.checkedAt ? (
        <p className="alert alert-success">imhost {release.current} is the newest release.</p>
      ) : (
        <p className="muted">The release feed has not been checked yet.</p>
      )}
      {release.error && <p className="alert alert-error">The last check failed: {release.error}</p>}
      <p className="muted">
        {release.checkedAt ? (
          <>
            Last checked <DateTime value={release.checkedAt} />
          </>
        ) : (
          'Never checked'
        )}{' '}
        from {release.feedUrl}; checked again every day.
      </p>
      <button
        type="button"
        className="button button-secondary"
        onClick={() => void checkNow()}
        disabled={check.isPending}
      >
        {check.isPending ? 'Checking…' : 'Check now'}
      </button>
      <FormStatus submission={check} />
      {release.newer.length > 0 && (
        <ul className="release-list" aria-label="Newer releases">
          {release.newer.map((entry) => (
            <li key={entry.version} className="panel">
              <h3>
                imhost {entry.version} <span className="muted">· released {entry.date}</span>
              </h3>
              <p className="release-notes">
                <LinkifiedText text={entry.notes} />
              </p>
              <a href={entry.url}>Release page for {entry.version}</a>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
