import type { HostDetail } from '../../api/views';
import { formatBytes } from '../../components/support/file-size';

/**
 * What the host's plan allows, as the IM server enforces it: members, upload storage, how long
 * message archives are kept, each member's personal storage (PEP and private XML: avatars,
 * encryption keys, bookmarks), and whether the host may use its own domain. Upload storage in use is
 * counted as the quota counts it (MB = 1024 × 1024 bytes, open upload slots included).
 */
export function PlanLimits({ host }: { host: HostDetail }) {
  const limits = host.entitlements;
  const used = host.uploadStorageBytes;
  const uploads =
    used === null
      ? `${host.uploadQuotaMb} MB in all`
      : `${formatBytes(used)} of ${host.uploadQuotaMb} MB used`;
  return (
    <section className="panel" aria-labelledby="plan-limits-title">
      <h2 id="plan-limits-title">Plan limits</h2>
      {limits === null ? (
        <>
          <p>This host has no plan: members and message archives are not limited, file uploads are.</p>
          <dl className="facts">
            <dt>Members</dt>
            <dd>{host.memberCount}</dd>
            <dt>File uploads</dt>
            <dd>{uploads}</dd>
          </dl>
        </>
      ) : (
        <dl className="facts">
          <dt>Members</dt>
          <dd>
            {host.memberCount} of {limits.maxMembers}
          </dd>
          <dt>File uploads</dt>
          <dd>{uploads}</dd>
          <dt>Message archive</dt>
          <dd>
            {limits.archiveRetentionDays === 0
              ? 'not kept'
              : `kept ${limits.archiveRetentionDays} ${limits.archiveRetentionDays === 1 ? 'day' : 'days'}`}
          </dd>
          <dt>Personal storage</dt>
          <dd>{limits.pepStorageKb} KB per member (avatars, encryption keys, bookmarks)</dd>
          <dt>Own domain</dt>
          <dd>{limits.customDomain ? 'allowed' : 'not in this plan'}</dd>
          {limits.maxRooms !== undefined && (
            <>
              <dt>Group chats</dt>
              <dd>
                up to {limits.maxRooms} rooms of {limits.maxRoomOccupants} people
              </dd>
            </>
          )}
        </dl>
      )}
    </section>
  );
}
