import { Link } from 'react-router';
import type { AuditReportRow } from '../../api/views';
import { DateTime } from '../../components/date-time';
import { PageHeader } from '../../components/page-header';
import { AuditBadge, AuditCheckList } from '../../components/security/audit-check-list';
import { DataView, Empty } from '../../components/states';
import { useApiData } from '../../hooks/use-api-data';

/** The server-wide security report: the server's own checks, then every host, failures first. */
export function StaffAuditsPage() {
  const report = useApiData('/api/v1/admin/audits');
  return (
    <>
      <PageHeader
        title="Security audits"
        description="The server's own checks, then every host's latest weekly audit, failures first."
      />
      <DataView state={report} onRetry={report.reload}>
        {(data) => (
          <>
            <section className="panel" aria-labelledby="server-checks-title">
              <h2 id="server-checks-title">This server</h2>
              <AuditCheckList checks={data.server} />
            </section>
            <section className="panel" aria-labelledby="host-audits-title">
              <h2 id="host-audits-title">Hosts</h2>
              {data.hosts.length === 0 ? (
                <Empty title="No hosts yet" />
              ) : (
                <ul className="audit-checks">
                  {data.hosts.map((row) => (
                    <HostRow key={row.hostId} row={row} />
                  ))}
                </ul>
              )}
            </section>
          </>
        )}
      </DataView>
    </>
  );
}

/** One block per host rather than a table row: it must read on a phone without scrolling sideways. */
function HostRow({ row }: { row: AuditReportRow }) {
  return (
    <li className="audit-check">
      <h3 className="audit-check-title">
        {row.worst ? (
          <AuditBadge status={row.worst} />
        ) : (
          <span className="badge badge-neutral">Not yet run</span>
        )}{' '}
        <Link to={`/hosts/${encodeURIComponent(row.hostId)}#security-audit`} className="strong-link">
          {row.domain}
        </Link>
      </h3>
      <p>
        {row.customerName}
        {row.ranAt && (
          <>
            {' '}
            · last run <DateTime value={row.ranAt} />
          </>
        )}
        {row.counts && (
          <>
            {' '}
            · {row.counts.fail} failed, {row.counts.warn} warnings
          </>
        )}
      </p>
      {row.failing.length > 0 && <p>Failing: {row.failing.map((f) => f.title).join(', ')}</p>}
    </li>
  );
}
