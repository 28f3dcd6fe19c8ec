import { useState } from 'react';
import { api, unwrap } from '../../api/client';
import type { Member } from '../../api/views';
import { CopyButton } from '../../components/copy-button';
import { DateTime } from '../../components/date-time';
import { Dialog } from '../../components/dialog';
import { FormStatus } from '../../components/form-status';
import { DataView, Empty } from '../../components/states';
import { useApiData } from '../../hooks/use-api-data';
import { useSubmit } from '../../hooks/use-submit';
import { FAILED_LOGIN_REASONS } from './member-activity-section';

interface Props {
  member: Member | null;
  hostId: string;
  /** Billing contacts may look, not act. */
  canChange: boolean;
  onClose(): void;
}

/**
 * "Why can't they sign in?" for one member: where they are signed in now, signing them out
 * everywhere, and a link for them to choose a new password themselves.
 */
export function MemberTroubleshootingDialog({ member, hostId, canChange, onClose }: Props) {
  return (
    <Dialog title={`Sign-in help for ${member?.jid ?? ''}`} isOpen={member !== null} onClose={onClose}>
      {member && (
        <>
          <FailedLoginsSection member={member} hostId={hostId} />
          <SessionsSection member={member} hostId={hostId} canChange={canChange} />
          {canChange && <ResetLinkSection member={member} hostId={hostId} />}
          <div className="dialog-actions">
            <button type="button" className="button button-secondary" onClick={onClose}>
              Close
            </button>
          </div>
        </>
      )}
    </Dialog>
  );
}

/** Why their last attempts failed, newest first, each with what to do about it. */
function FailedLoginsSection({ member, hostId }: { member: Member; hostId: string }) {
  const failures = useApiData('/api/v1/hosts/{id}/members/{username}/failed-logins', {
    params: { path: { id: hostId, username: member.username } },
  });
  return (
    <section aria-labelledby="member-failures-title">
      <h3 id="member-failures-title">Failed sign-ins</h3>
      <DataView
        state={failures}
        onRetry={failures.reload}
        isEmpty={(data) => data.items.length === 0}
        empty={
          <Empty title="No failed sign-ins">
            <p>No sign-in of this account failed in the last 30 days.</p>
          </Empty>
        }
      >
        {(data) => (
          <ul className="session-list">
            {data.items.slice(0, 10).map((failure, index) => (
              <li key={`${failure.at}-${index}`}>
                <div className="cell-primary">{FAILED_LOGIN_REASONS[failure.reason]}</div>
                <div className="cell-secondary">
                  <DateTime value={failure.at} />
                </div>
              </li>
            ))}
          </ul>
        )}
      </DataView>
    </section>
  );
}

function SessionsSection({
  member,
  hostId,
  canChange,
}: {
  member: Member;
  hostId: string;
  canChange: boolean;
}) {
  const path = { id: hostId, username: member.username };
  const sessions = useApiData('/api/v1/hosts/{id}/members/{username}/sessions', { params: { path } });
  const signOut = useSubmit();

  const signOutEverywhere = () =>
    signOut.run(async () => {
      const { ended } = await unwrap(
        api.DELETE('/api/v1/hosts/{id}/members/{username}/sessions', { params: { path } }),
      );
      sessions.reload();
      return ended === 1 ? 'One session was ended.' : `${ended} sessions were ended.`;
    });

  return (
    <section aria-labelledby="member-sessions-title">
      <h3 id="member-sessions-title">Signed in now</h3>
      <DataView
        state={sessions}
        onRetry={sessions.reload}
        isEmpty={(data) => data.items.length === 0}
        empty={
          <Empty title="Not signed in anywhere">
            <p>No chat app is connected with this account right now.</p>
          </Empty>
        }
      >
        {(data) => (
          <ul className="session-list">
            {data.items.map((session) => (
              <li key={session.resource}>
                <div className="cell-primary">{session.client ?? session.resource}</div>
                <div className="cell-secondary">
                  {session.client ? `${session.resource} · ` : ''}from {session.address} · since{' '}
                  <DateTime value={session.since} />
                </div>
              </li>
            ))}
          </ul>
        )}
      </DataView>
      <FormStatus submission={signOut} />
      {canChange && sessions.status === 'ready' && sessions.data.items.length > 0 && (
        <div className="row-actions row-actions-start">
          <button
            type="button"
            className="button button-danger-outline button-small"
            disabled={signOut.isPending}
            onClick={() => void signOutEverywhere()}
          >
            Sign out everywhere
          </button>
        </div>
      )}
    </section>
  );
}

function ResetLinkSection({ member, hostId }: { member: Member; hostId: string }) {
  const submission = useSubmit();
  const [link, setLink] = useState<{ url: string; expiresAt: string } | null>(null);

  const makeLink = () =>
    submission.run(async () => {
      setLink(
        await unwrap(
          api.POST('/api/v1/hosts/{id}/members/{username}/reset-links', {
            params: { path: { id: hostId, username: member.username } },
            body: {},
          }),
        ),
      );
      return 'Send this link to the member. It works once.';
    });

  return (
    <section aria-labelledby="member-reset-title">
      <h3 id="member-reset-title">Let them choose a new password</h3>
      <p className="muted">
        Make a link and send it to the member yourself (by chat, text or in person). It works once and expires
        after 24 hours; a new link replaces the old one.
      </p>
      <FormStatus submission={submission} />
      {link && (
        <div className="reset-link">
          <label htmlFor="member-reset-link">Password link</label>
          <input
            id="member-reset-link"
            type="text"
            readOnly
            value={link.url}
            onFocus={(e) => e.target.select()}
          />
          <p className="muted">
            Expires <DateTime value={link.expiresAt} />.
          </p>
          <CopyButton value={link.url} accessibleName="Copy the password link" />
        </div>
      )}
      <div className="row-actions row-actions-start">
        <button
          type="button"
          className="button button-secondary button-small"
          disabled={submission.isPending}
          onClick={() => void makeLink()}
        >
          {link ? 'Make a new link' : 'Make a password link'}
        </button>
      </div>
    </section>
  );
}
