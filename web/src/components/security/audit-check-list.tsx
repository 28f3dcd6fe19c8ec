import type { AuditCheck, AuditStatus } from '../../api/views';

export const auditStatus: Record<AuditStatus, { label: string; tone: string }> = {
  pass: { label: 'Pass', tone: 'badge-success' },
  warn: { label: 'Warning', tone: 'badge-warning' },
  fail: { label: 'Fail', tone: 'badge-danger' },
};

export function AuditBadge({ status }: { status: AuditStatus }) {
  const { label, tone } = auditStatus[status];
  return <span className={`badge ${tone}`}>{label}</span>;
}

/**
 * One block per check, failures first: what was checked, what was found, what to do about it (or
 * that it is ours to fix), and the measurements behind it folded away. Blocks, not a table, so the
 * long fix texts fit a phone.
 */
export function AuditCheckList({ checks }: { checks: AuditCheck[] }) {
  const order: Record<AuditStatus, number> = { fail: 0, warn: 1, pass: 2 };
  const sorted = [...checks].sort((a, b) => order[a.status] - order[b.status]);
  return (
    <ul className="audit-checks">
      {sorted.map((check) => (
        <li key={check.check} className={`audit-check audit-check-${check.status}`}>
          <h4 className="audit-check-title">
            <AuditBadge status={check.status} /> {check.title}
          </h4>
          <p>{check.summary}</p>
          {check.fix && (
            <p className="note">
              <strong>{check.fixedBy === 'customer' ? 'What to do: ' : 'Fixed by us: '}</strong>
              {check.fix}
            </p>
          )}
          {check.details.length > 0 && (
            <details>
              <summary>What was measured</summary>
              <ul className="audit-details">
                {check.details.map((line) => (
                  <li key={line}>{line}</li>
                ))}
              </ul>
            </details>
          )}
        </li>
      ))}
    </ul>
  );
}
