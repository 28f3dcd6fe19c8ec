import { AuditLog } from '../../components/audit-log';
import { PageHeader } from '../../components/page-header';

export function StaffAuditPage() {
  return (
    <>
      <PageHeader
        title="Audit log"
        description="Every write by staff and customers across the installation."
      />
      <section className="panel" aria-label="Audit log entries">
        <AuditLog path="/api/v1/admin/audit" />
      </section>
    </>
  );
}
