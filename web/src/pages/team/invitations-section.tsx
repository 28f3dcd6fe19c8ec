import { useState } from 'react';
import { api, unwrap } from '../../api/client';
import type { Invitation } from '../../api/views';
import { ConfirmDialog } from '../../components/confirm-dialog';
import { DateTime } from '../../components/date-time';
import { PagedListView } from '../../components/paged-list';
import { Empty } from '../../components/states';
import { roleLabels } from '../../components/team-roles';
import type { PagedList } from '../../hooks/use-api-data';

export function InvitationsSection({
  invitations,
  canEdit,
}: {
  invitations: PagedList<Invitation>;
  canEdit: boolean;
}) {
  const [revoking, setRevoking] = useState<Invitation | null>(null);
  return (
    <section className="panel" aria-labelledby="invitations-title">
      <h2 id="invitations-title">Pending invitations</h2>
      <PagedListView list={invitations} empty={<Empty title="No pending invitations" />}>
        {(items) => (
          <div className="table-wrap">
            <table className="table">
              <thead>
                <tr>
                  <th scope="col">Email</th>
                  <th scope="col">Role</th>
                  <th scope="col">Invited</th>
                  <th scope="col">Expires</th>
                  {canEdit && (
                    <th scope="col">
                      <span className="visually-hidden">Actions</span>
                    </th>
                  )}
                </tr>
              </thead>
              <tbody>
                {items.map((invitation) => (
                  <tr key={invitation.id}>
                    <td>
                      <div className="cell-primary">{invitation.email}</div>
                    </td>
                    <td>{roleLabels[invitation.role]}</td>
                    <td>
                      <DateTime value={invitation.createdAt} />
                      {invitation.invitedByEmail && (
                        <div className="cell-secondary">by {invitation.invitedByEmail}</div>
                      )}
                    </td>
                    <td className="nowrap">
                      <DateTime value={invitation.expiresAt} />
                    </td>
                    {canEdit && (
                      <td className="cell-actions">
                        <button
                          type="button"
                          className="button button-danger-outline button-small"
                          onClick={() => setRevoking(invitation)}
                          aria-label={`Revoke the invitation to ${invitation.email}`}
                        >
                          Revoke
                        </button>
                      </td>
                    )}
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </PagedListView>
      <ConfirmDialog
        title={`Revoke the invitation to ${revoking?.email ?? ''}?`}
        isOpen={revoking !== null}
        isDanger
        confirmLabel="Revoke invitation"
        onClose={() => setRevoking(null)}
        onConfirm={async () => {
          if (!revoking) return;
          await unwrap(
            api.DELETE('/api/v1/team/invitations/{id}', { params: { path: { id: revoking.id } } }),
          );
          invitations.reload();
        }}
      >
        <p>The link in the email stops working. You can invite the address again later.</p>
      </ConfirmDialog>
    </section>
  );
}
