import { AuditLog } from '../components/audit-log';
import { PageHeader } from '../components/page-header';

export function ActivityPage() {
  return (
    <>
      <PageHeader title="Activity" description="Every change made in your account, by whom and from where." />
      <section className="panel" aria-label="Activity log">
        <AuditLog path="/api/v1/audit" />
      </section>
    </>
  );
}
