import { useState } from 'react';
import { api, unwrap } from '../../api/client';
import type { Member } from '../../api/views';
import { ConfirmDialog } from '../../components/confirm-dialog';
import { DateTime } from '../../components/date-time';
import { FormStatus } from '../../components/form-status';
import { ItemTable, NamedCell } from '../../components/item-table';
import { PagedListView } from '../../components/paged-list';
import { Empty } from '../../components/states';
import { StatusBadge } from '../../components/status-badge';
import { usePagedList } from '../../hooks/use-api-data';
import { useSubmit } from '../../hooks/use-submit';
import { AddMemberForm } from './add-member-form';
import { MemberTroubleshootingDialog } from './member-troubleshooting-dialog';
import { ResetMemberPasswordDialog } from './reset-member-password-dialog';
import type { HostSectionProps } from './host-section-props';

type Pending = { kind: 'remove' | 'password' | 'help'; member: Member } | null;

export function MembersSection({ hostId, domain, canChange }: HostSectionProps) {
  const members = usePagedList('/api/v1/hosts/{id}/members', { params: { path: { id: hostId } } });
  const rowAction = useSubmit();
  const [pending, setPending] = useState<Pending>(null);

  // Dialogs close on success, so their outcome is announced in the section's status line.
  const announce = (message: string) => void rowAction.run(async () => message);

  async function toggleDisabled(member: Member) {
    const status = member.status === 'disabled' ? 'active' : 'disabled';
    await rowAction.run(async () => {
      await unwrap(
        api.PATCH('/api/v1/hosts/{id}/members/{username}', {
          params: { path: { id: hostId, username: member.username } },
          body: { status },
        }),
      );
      return status === 'disabled' ? `${member.jid} is disabled.` : `${member.jid} is enabled.`;
    });
  }

  return (
    <section className="panel" aria-labelledby="members-title">
      <h2 id="members-title">Members</h2>
      {canChange && <AddMemberForm hostId={hostId} domain={domain} />}
      <FormStatus submission={rowAction} />
      <PagedListView
        list={members}
        empty={
          <Empty title="No members yet">
            <p>
              {canChange
                ? 'Add the first member above; they can sign in with any XMPP chat app.'
                : 'An owner or admin of your organisation can add members.'}
            </p>
          </Empty>
        }
      >
        {(items) => (
          <ItemTable
            items={items}
            rowKey={(member) => member.username}
            columns={[
              {
                header: 'Member',
                cell: (member) => (
                  <NamedCell name={member.displayName || member.username} detail={member.jid} />
                ),
              },
              { header: 'Status', cell: (member) => <StatusBadge status={member.status} /> },
              {
                header: 'Last login',
                cell: (member) => <DateTime value={member.lastLoginAt} never="Never" />,
              },
              {
                header: 'Last activity',
                cell: (member) => <DateTime value={member.lastActivityAt} never="Never" />,
              },
            ]}
            actions={(member) => (
              <>
                <button
                  type="button"
                  className="button button-secondary button-small"
                  onClick={() => setPending({ kind: 'help', member })}
                  aria-label={`Sign-in help for ${member.jid}`}
                >
                  Sign-in help
                </button>
                {canChange && (
                  <>
                    <button
                      type="button"
                      className="button button-secondary button-small"
                      disabled={rowAction.isPending}
                      onClick={() => void toggleDisabled(member)}
                      aria-label={`${member.status === 'disabled' ? 'Enable' : 'Disable'} ${member.jid}`}
                    >
                      {member.status === 'disabled' ? 'Enable' : 'Disable'}
                    </button>
                    <button
                      type="button"
                      className="button button-secondary button-small"
                      onClick={() => setPending({ kind: 'password', member })}
                      aria-label={`Reset password of ${member.jid}`}
                    >
                      Reset password
                    </button>
                    <button
                      type="button"
                      className="button button-danger-outline button-small"
                      onClick={() => setPending({ kind: 'remove', member })}
                      aria-label={`Remove ${member.jid}`}
                    >
                      Remove
                    </button>
                  </>
                )}
              </>
            )}
          />
        )}
      </PagedListView>
      <MemberTroubleshootingDialog
        member={pending?.kind === 'help' ? pending.member : null}
        hostId={hostId}
        canChange={canChange}
        onClose={() => setPending(null)}
      />
      <ResetMemberPasswordDialog
        member={pending?.kind === 'password' ? pending.member : null}
        hostId={hostId}
        onClose={() => setPending(null)}
        onChanged={(member) => announce(`${member.jid} has a new password.`)}
      />
      <ConfirmDialog
        title={`Remove ${pending?.member.jid ?? 'member'}?`}
        isOpen={pending?.kind === 'remove'}
        isDanger
        confirmLabel="Remove member"
        onClose={() => setPending(null)}
        onConfirm={async () => {
          if (!pending) return;
          await unwrap(
            api.DELETE('/api/v1/hosts/{id}/members/{username}', {
              params: { path: { id: hostId, username: pending.member.username } },
            }),
          );
          announce(`${pending.member.jid} was removed.`);
        }}
      >
        <p>The account and its contact list are deleted, and any open chat sessions are closed.</p>
      </ConfirmDialog>
    </section>
  );
}
