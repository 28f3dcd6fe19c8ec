import { useState } from 'react';
import { api, unwrap } from '../../api/client';
import type { SessionInfo } from '../../api/views';
import { ConfirmDialog } from '../../components/confirm-dialog';
import { DateTime } from '../../components/date-time';
import { DataView } from '../../components/states';
import { useApiData } from '../../hooks/use-api-data';
import { describeUserAgent } from './user-agent';

export function SessionsSection() {
  const sessions = useApiData('/api/v1/me/sessions');
  const [ending, setEnding] = useState<SessionInfo | null>(null);

  return (
    <section className="panel" aria-labelledby="sessions-title">
      <h2 id="sessions-title">Where you are signed in</h2>
      <p className="muted">
        Sign out a session you do not recognise, or one on a device you no longer use. Changing your password
        signs out all of them.
      </p>
      <DataView state={sessions} onRetry={sessions.reload}>
        {({ items }) => (
          <div className="table-wrap">
            <table className="table">
              <thead>
                <tr>
                  <th scope="col">Device</th>
                  <th scope="col">IP address</th>
                  <th scope="col">Signed in</th>
                  <th scope="col">Last active</th>
                  <th scope="col">
                    <span className="visually-hidden">Actions</span>
                  </th>
                </tr>
              </thead>
              <tbody>
                {items.map((session) => {
                  const device = describeUserAgent(session.userAgent);
                  return (
                    <tr key={session.id}>
                      <td>
                        <div className="cell-primary">{device}</div>
                        {session.userAgent && (
                          <div className="cell-secondary cell-clip" title={session.userAgent}>
                            {session.userAgent}
                          </div>
                        )}
                      </td>
                      <td className="nowrap">{session.ip ?? '—'}</td>
                      <td className="nowrap">
                        <DateTime value={session.createdAt} />
                      </td>
                      <td className="nowrap">
                        <DateTime value={session.lastSeenAt} />
                      </td>
                      <td className="cell-actions">
                        {session.current ? (
                          <span className="badge badge-success nowrap">This browser</span>
                        ) : (
                          <button
                            type="button"
                            className="button button-secondary button-small"
                            onClick={() => setEnding(session)}
                            aria-label={`Sign out ${device} (${session.ip ?? 'unknown address'})`}
                          >
                            Sign out
                          </button>
                        )}
                      </td>
                    </tr>
                  );
                })}
              </tbody>
            </table>
          </div>
        )}
      </DataView>
      <ConfirmDialog
        title="Sign out this session?"
        isOpen={ending !== null}
        confirmLabel="Sign out session"
        onClose={() => setEnding(null)}
        onConfirm={async () => {
          if (!ending) return;
          await unwrap(api.DELETE('/api/v1/me/sessions/{id}', { params: { path: { id: ending.id } } }));
          sessions.reload();
        }}
      >
        <p>
          {describeUserAgent(ending?.userAgent ?? null)}
          {ending?.ip ? ` at ${ending.ip}` : ''} will have to sign in again.
        </p>
      </ConfirmDialog>
    </section>
  );
}
