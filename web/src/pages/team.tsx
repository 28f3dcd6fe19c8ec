import { PageHeader } from '../components/page-header';
import { canManage } from '../components/team-roles';
import { usePagedList } from '../hooks/use-api-data';
import { useMe } from '../session/session';
import { InvitationsSection } from './team/invitations-section';
import { InviteForm } from './team/invite-form';
import { TeamMembersSection } from './team/members-section';

export function TeamPage() {
  const me = useMe();
  const members = usePagedList('/api/v1/team/members');
  const invitations = usePagedList('/api/v1/team/invitations');
  const isManager = canManage(me.customer?.role);
  return (
    <>
      <PageHeader
        title="Team"
        description={`The people who can sign in to ${me.customer?.name ?? 'your organisation'}’s dashboard.`}
      />
      {isManager ? (
        <InviteForm onInvited={invitations.reload} />
      ) : (
        <p className="alert alert-info">Only owners and admins can change the team.</p>
      )}
      <TeamMembersSection members={members} canEdit={isManager} />
      <InvitationsSection invitations={invitations} canEdit={isManager} />
    </>
  );
}
