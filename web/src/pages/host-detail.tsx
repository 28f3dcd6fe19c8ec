import { useState } from 'react';
import { Link, useNavigate, useParams } from 'react-router';
import { api, unwrap } from '../api/client';
import type { HostDetail } from '../api/views';
import { ConfirmDialog } from '../components/confirm-dialog';
import { DateTime } from '../components/date-time';
import { FormStatus } from '../components/form-status';
import { PageHeader } from '../components/page-header';
import { DataView } from '../components/states';
import { StatusBadge } from '../components/status-badge';
import { useApiData } from '../hooks/use-api-data';
import { useCanChangeHosts } from '../hooks/use-can-change-hosts';
import { useSubmit } from '../hooks/use-submit';
import { useMe } from '../session/session';
import { ConnectionSettings } from './host/connection-settings';
import { ChatRoomsSection } from './host/chat-rooms-section';
import { CheckHostSection } from './host/check-host-section';
import { DomainSection } from './host/domain-section';
import { DomainRegistrationSection } from './host/domain-registration-section';
import { MembersSection } from './host/members-section';
import { MemberActivitySection } from './host/member-activity-section';
import { MonitoringSection } from './host/monitoring-section';
import { PlanBillingSection } from './host/plan-billing-section';
import { PlanLimits } from './host/plan-limits';
import { SecurityAuditSection } from './host/security-audit-section';

export function HostDetailPage() {
  const { hostId = '' } = useParams();
  const host = useApiData('/api/v1/hosts/{id}', { params: { path: { id: hostId } } });
  const isStaff = useMe().user.kind === 'staff';
  return (
    <>
      <p className="breadcrumb">
        <Link to={isStaff ? '/staff/hosts' : '/hosts'}>← All hosts</Link>
      </p>
      <DataView state={host} onRetry={host.reload}>
        {(data) => <HostView host={data} />}
      </DataView>
    </>
  );
}

/** Every write on this page re-reads what it shows (see api/changes.ts): no section goes stale. */
function HostView({ host }: { host: HostDetail }) {
  const navigate = useNavigate();
  const isStaff = useMe().user.kind === 'staff';
  const statusChange = useSubmit();
  const [isDeleting, setDeleting] = useState(false);
  const isSuspended = host.status === 'suspended';
  const canChange = useCanChangeHosts();
  const params = { path: { id: host.id } };

  async function toggleSuspended() {
    const status = isSuspended ? 'active' : 'suspended';
    await statusChange.run(async () => {
      await unwrap(api.PATCH('/api/v1/hosts/{id}', { params, body: { status } }));
      return status === 'active'
        ? 'The host is active again.'
        : 'The host is suspended; its members cannot sign in.';
    });
  }

  return (
    <>
      <PageHeader
        title={host.displayDomain}
        description={
          <>
            <StatusBadge status={host.status} />
            {host.statusReason && <> ({host.statusReason.replaceAll('_', ' ')})</>} · Created{' '}
            <DateTime value={host.createdAt} />
          </>
        }
        actions={
          canChange &&
          host.status !== 'terminated' && (
            <>
              <button
                type="button"
                className="button button-secondary"
                disabled={statusChange.isPending}
                onClick={() => void toggleSuspended()}
              >
                {isSuspended ? 'Resume host' : 'Suspend host'}
              </button>
              <button
                type="button"
                className="button button-danger-outline"
                onClick={() => setDeleting(true)}
              >
                Delete host
              </button>
            </>
          )
        }
      />
      <FormStatus submission={statusChange} />
      <ConnectionSettings domain={host.domain} />
      <DomainSection hostId={host.id} />
      {host.status !== 'terminated' && <SecurityAuditSection hostId={host.id} />}
      <CheckHostSection hostId={host.id} domain={host.domain} isCustomer={!isStaff} />
      <MembersSection hostId={host.id} domain={host.domain} canChange={canChange} />
      <ChatRoomsSection hostId={host.id} domain={host.domain} canChange={canChange} />
      <MonitoringSection hostId={host.id} />
      <MemberActivitySection hostId={host.id} />
      <PlanLimits host={host} />
      <PlanBillingSection hostId={host.id} />
      <DomainRegistrationSection hostId={host.id} canChange={canChange} />
      <ConfirmDialog
        title={`Delete ${host.displayDomain}?`}
        isOpen={isDeleting}
        isDanger
        confirmLabel="Delete host"
        onClose={() => setDeleting(false)}
        onConfirm={async () => {
          await unwrap(api.DELETE('/api/v1/hosts/{id}', { params }));
          navigate('/hosts', { replace: true });
        }}
      >
        <p>
          All members of <strong>{host.displayDomain}</strong> lose their accounts and cannot sign in any
          more. This cannot be undone.
        </p>
      </ConfirmDialog>
    </>
  );
}
