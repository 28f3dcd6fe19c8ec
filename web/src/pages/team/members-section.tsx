import { useEffect, useState } from 'react';
import { api, unwrap } from '../../api/client';
import type { TeamMember, TeamRole } from '../../api/views';
import { ConfirmDialog } from '../../components/confirm-dialog';
import { DateTime } from '../../components/date-time';
import { FormStatus } from '../../components/form-status';
import { PagedListView } from '../../components/paged-list';
import { Empty } from '../../components/states';
import { roleLabels } from '../../components/team-roles';
import type { PagedList } from '../../hooks/use-api-data';
import { useSubmit } from '../../hooks/use-submit';
import { useMe, useSession } from '../../session/session';

const allRoles: TeamRole[] = ['owner', 'admin', 'billing'];

export function TeamMembersSection({
  members,
  canEdit,
}: {
  members: PagedList<TeamMember>;
  canEdit: boolean;
}) {
  const me = useMe();
  const { refresh } = useSession();
  const rowAction = useSubmit();
  const [removing, setRemoving] = useState<TeamMember | null>(null);
  /**
   * The role each select shows while its change is saved and read back: the select is controlled
   * by the server's list, which would otherwise snap back to the old role until the list is read again.
   */
  const [chosenRoles, setChosenRoles] = useState<ReadonlyMap<string, TeamRole>>(new Map());
  const isOwner = me.customer?.role === 'owner';
  const listed = members.state.status === 'ready' ? members.state.data : null;

  // A choice is forgotten once the list read from the server shows it.
  useEffect(() => {
    if (!listed) return;
    setChosenRoles((previous) => {
      const pending = [...previous].filter(([userId, role]) =>
        listed.some((member) => member.userId === userId && member.role !== role),
      );
      return pending.length === previous.size ? previous : new Map(pending);
    });
  }, [listed]);

  function forgetChoice(userId: string) {
    setChosenRoles((previous) => new Map([...previous].filter(([id]) => id !== userId)));
  }

  /**
   * Only owners touch owners, and the last owner stays; the server enforces both, the page just
   * does not offer what would be refused.
   */
  function editable(member: TeamMember, ownerCount: number): boolean {
    if (!canEdit) return false;
    if (member.role !== 'owner') return true;
    return isOwner && ownerCount > 1;
  }

  async function changeRole(member: TeamMember, role: TeamRole) {
    setChosenRoles((previous) => new Map(previous).set(member.userId, role));
    const ok = await rowAction.run(async () => {
      await unwrap(
        api.PATCH('/api/v1/team/members/{userId}', {
          params: { path: { userId: member.userId } },
          body: { role },
        }),
      );
      return `${member.email} is now ${roleLabels[role].toLowerCase()}.`;
    });
    if (!ok) forgetChoice(member.userId);
    members.reload();
    // Changing one's own role changes what the dashboard offers.
    if (ok && member.userId === me.user.id) await refresh();
  }

  return (
    <section className="panel" aria-labelledby="members-title">
      <h2 id="members-title">Members</h2>
      <FormStatus submission={rowAction} />
      <PagedListView list={members} empty={<Empty title="No team members" />}>
        {(items) => {
          const ownerCount = items.filter((member) => member.role === 'owner').length;
          return (
            <div className="table-wrap">
              <table className="table">
                <thead>
                  <tr>
                    <th scope="col">Name</th>
                    <th scope="col">Role</th>
                    <th scope="col">Joined</th>
                    <th scope="col">Last sign-in</th>
                    <th scope="col">
                      <span className="visually-hidden">Actions</span>
                    </th>
                  </tr>
                </thead>
                <tbody>
                  {items.map((member) => (
                    <tr key={member.userId}>
                      <td>
                        <div className="cell-primary">
                          {member.name}
                          {member.userId === me.user.id && <span className="muted"> (you)</span>}
                        </div>
                        <div className="cell-secondary">{member.email}</div>
                      </td>
                      <td>
                        {editable(member, ownerCount) ? (
                          <select
                            className="select-compact"
                            aria-label={`Role of ${member.email}`}
                            value={chosenRoles.get(member.userId) ?? member.role}
                            disabled={rowAction.isPending}
                            onChange={(event) => {
                              const role = allRoles.find((value) => value === event.target.value);
                              if (role) void changeRole(member, role);
                            }}
                          >
                            {allRoles
                              .filter((role) => isOwner || role !== 'owner')
                              .map((role) => (
                                <option key={role} value={role}>
                                  {roleLabels[role]}
                                </option>
                              ))}
                          </select>
                        ) : (
                          roleLabels[member.role]
                        )}
                      </td>
                      <td className="nowrap">
                        <DateTime value={member.joinedAt} />
                      </td>
                      <td className="nowrap">
                        <DateTime value={member.lastLoginAt} never="Never" />
                      </td>
                      <td className="cell-actions">
                        {editable(member, ownerCount) && (
                          <button
                            type="button"
                            className="button button-danger-outline button-small"
                            onClick={() => setRemoving(member)}
                            aria-label={`Remove ${member.email} from the team`}
                          >
                            Remove
                          </button>
                        )}
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          );
        }}
      </PagedListView>
      <ConfirmDialog
        title={`Remove ${removing?.email ?? ''} from the team?`}
        isOpen={removing !== null}
        isDanger
        confirmLabel="Remove from team"
        onClose={() => setRemoving(null)}
        onConfirm={async () => {
          if (!removing) return;
          await unwrap(
            api.DELETE('/api/v1/team/members/{userId}', { params: { path: { userId: removing.userId } } }),
          );
          if (removing.userId === me.user.id) {
            await refresh();
            return;
          }
          members.reload();
        }}
      >
        <p>They are signed out at once and can no longer see or change anything in this organisation.</p>
      </ConfirmDialog>
    </section>
  );
}
