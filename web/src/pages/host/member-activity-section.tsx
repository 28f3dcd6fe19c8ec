import type { GetData } from '../../api/views';
import { DateTime } from '../../components/date-time';
import { DataView, Empty } from '../../components/states';
import { useApiData } from '../../hooks/use-api-data';

type MemberActivity = GetData<'/api/v1/hosts/{id}/member-activity'>['items'][number];

/** Plain words for why a login failed, and what the customer can do about it. */
export const FAILED_LOGIN_REASONS: Record<MemberActivity['failedLogins'][number]['reason'], string> = {
  wrong_password: 'Wrong password (or user name): set a new password for the member.',
  disabled: 'The member is disabled: enable the member again.',
  suspended: 'The host is suspended: resume it.',
  throttled: 'Too many failed attempts from their address: they can try again in a few minutes.',
};

function clientText(client: MemberActivity['client']): string | null {
  if (!client) return null;
  if (client.software)
    return [client.software, client.softwareVersion, client.os && `on ${client.os}`]
      .filter(Boolean)
      .join(' ');
  return client.resource;
}

/**
 * Each member's last login, the app they used and their latest failed logins with the reason:
 * "why can't Anna log in?" answered without asking support.
 */
export function MemberActivitySection({ hostId }: { hostId: string }) {
  const activity = useApiData('/api/v1/hosts/{id}/member-activity', { params: { path: { id: hostId } } });
  return (
    <section className="panel" aria-labelledby="member-activity-title">
      <h2 id="member-activity-title">Member sign-ins</h2>
      <DataView
        state={activity}
        onRetry={activity.reload}
        isEmpty={(data) => data.items.length === 0}
        empty={
          <Empty title="No sign-ins to show">
            <p>Each member's logins show here once the host has members.</p>
          </Empty>
        }
      >
        {(data) => (
          <ul className="stacked-list">
            {data.items.map((member) => (
              <li key={member.username}>
                <div className="cell-primary">{member.displayName ?? member.username}</div>
                <div className="cell-secondary">
                  {member.jid}
                  {member.status === 'disabled' ? ' · disabled' : ''}
                </div>
                <dl className="facts">
                  <dt>Last login</dt>
                  <dd>
                    <DateTime value={member.lastLoginAt} never="Never" />
                  </dd>
                  <dt>App</dt>
                  <dd>{clientText(member.client) ?? '—'}</dd>
                  <dt>Failed logins</dt>
                  <dd>
                    {member.failedLogins.length === 0 ? (
                      'None'
                    ) : (
                      <ul className="failed-logins">
                        {member.failedLogins.slice(0, 3).map((failure, index) => (
                          <li key={`${failure.at}-${index}`}>
                            <DateTime value={failure.at} />: {FAILED_LOGIN_REASONS[failure.reason]}
                          </li>
                        ))}
                      </ul>
                    )}
                  </dd>
                </dl>
              </li>
            ))}
          </ul>
        )}
      </DataView>
    </section>
  );
}
