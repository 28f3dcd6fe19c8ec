import { Link } from 'react-router';
import { PageHeader } from '../../../components/page-header';
import { CannedResponsesSection } from './canned-responses-section';
import { DepartmentsSection } from './departments-section';
import { SlaTargetsSection } from './sla-targets-section';

/** What support managers tune: departments, canned responses and SLA targets. */
export function DeskSettingsPage() {
  return (
    <>
      <p className="breadcrumb">
        <Link to="/staff/tickets">← Ticket queue</Link>
      </p>
      <PageHeader
        title="Desk settings"
        description="Changes need the support or admin staff role; everyone on staff can read them."
      />
      <DepartmentsSection />
      <CannedResponsesSection />
      <SlaTargetsSection />
    </>
  );
}
