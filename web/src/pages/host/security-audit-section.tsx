import { api, unwrap } from '../../api/client';
import type { HostAudit } from '../../api/views';
import { DateTime } from '../../components/date-time';
import { FormStatus } from '../../components/form-status';
import { AuditBadge, AuditCheckList } from '../../components/security/audit-check-list';
import { DataView } from '../../components/states';
import { useApiData } from '../../hooks/use-api-data';
import { useSubmit } from '../../hooks/use-submit';

const triggerText: Record<NonNullable<HostAudit['latest']>['trigger'], string> = {
  schedule: 'weekly run',
  manual: 'run by hand',
};

/**
 * The host's security audit: every check with what it found and the fix, "Run now", and the runs
 * before. New failures are also emailed to the owners, once.
 */
export function SecurityAuditSection({ hostId }: { hostId: string }) {
  const audit = useApiData('/api/v1/hosts/{id}/audit', { params: { path: { id: hostId } } });
  const run = useSubmit();

  async function runNow() {
    await run.run(async () => {
      const answer = await unwrap(api.POST('/api/v1/hosts/{id}/audit', { params: { path: { id: hostId } } }));
      const counts = answer.latest?.counts;
      if (!counts) return 'The audit ran.';
      return counts.fail === 0 && counts.warn === 0
        ? 'The audit ran: every check passed.'
        : `The audit ran: ${counts.fail} failed, ${counts.warn} with warnings, ${counts.pass} passed.`;
    });
  }

  return (
    <section className="panel" id="security-audit" aria-labelledby="security-audit-title">
      <h2 id="security-audit-title">Security audit</h2>
      <DataView state={audit} onRetry={audit.reload}>
        {(data) => (
          <>
            {data.latest ? (
              <p>
                <AuditBadge status={data.latest.worst} /> Last run <DateTime value={data.latest.ranAt} /> (
                {triggerText[data.latest.trigger]}): {data.latest.counts.fail} failed,{' '}
                {data.latest.counts.warn} with warnings, {data.latest.counts.pass} passed.
              </p>
            ) : (
              <p className="muted">This host has not been audited yet.</p>
            )}
            <p className="muted">
              We check the host's encryption, certificate, login methods, DNS and accounts every week
              {data.nextScheduledAt && (
                <>
                  {' '}
                  (next from <DateTime value={data.nextScheduledAt} />)
                </>
              )}
              , and email the owners when something new fails.
            </p>
            <div className="form-actions">
              <button
                type="button"
                className="button button-secondary"
                disabled={run.isPending}
                onClick={() => void runNow()}
              >
                {run.isPending ? 'Running…' : 'Run now'}
              </button>
            </div>
            <FormStatus submission={run} />
            {data.latest && <AuditCheckList checks={data.latest.checks} />}
            {data.history.length > 0 && <History history={data.history} />}
          </>
        )}
      </DataView>
    </section>
  );
}

function History({ history }: { history: HostAudit['history'] }) {
  return (
    <>
      <h3>Earlier audits</h3>
      <ul className="audit-history">
        {history.map((run) => (
          <li key={run.id}>
            <AuditBadge status={run.worst} /> <DateTime value={run.ranAt} /> · {triggerText[run.trigger]} ·{' '}
            {run.counts.fail} failed, {run.counts.warn} warnings
            {run.newFailures.length > 0 && <> · new failures emailed</>}
          </li>
        ))}
      </ul>
    </>
  );
}
