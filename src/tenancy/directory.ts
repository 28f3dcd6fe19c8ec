import { tryNormalizeDomain } from './domain-name.js';
import { findEntitlements, listEntitlements, type HostEntitlementsRow } from './entitlements.repository.js';
import type { HostStatus, HostStatusReason } from './host-status-policy.js';
import { findHostByDomain, listAllDomains } from './hosts.repository.js';
import type { MemberCredentials } from './member-credentials.js';
import { findMember, fromCredentialColumns, touchMember } from './members.repository.js';
import { setMemberPassword } from './set-member-password.js';
import { nowIso, type TenancyDeps } from './tenancy-deps.js';
import { tryNormalizeUsername } from '../lib/username.js';

export interface DirectoryHost {
  id: string;
  domain: string;
  status: HostStatus;
  statusReason: HostStatusReason | null;
  customerId: string;
}

export interface DirectoryCredentials extends MemberCredentials {
  memberId: string;
  status: 'active' | 'disabled';
}

/**
 * The narrow view of tenancy the XMPP server reads: which domains exist, whether a host and a member
 * may log in, and the stored SCRAM keys. Names from the wire are normalised here the same way they
 * were when stored, and a name that cannot be valid simply finds nothing.
 */
export interface TenancyDirectory {
  findHostByDomain(domain: string): Promise<DirectoryHost | null>;
  getCredentials(hostId: string, username: string): Promise<DirectoryCredentials | null>;
  memberExists(hostId: string, username: string): Promise<boolean>;
  recordLogin(hostId: string, username: string): Promise<void>;
  recordActivity(hostId: string, username: string): Promise<void>;
  /** XEP-0077 password change by the member; refuses weak passwords like the API does. */
  changePassword(hostId: string, username: string, newPassword: string): Promise<void>;
  /** Every domain with a host row, whatever its status; findHostByDomain tells the status. */
  listDomains(): Promise<string[]>;
  /**
   * The limits of the host's plan that the XMPP server enforces. Without a plan: archives kept
   * without limit, and the default upload quota.
   */
  entitlements(hostId: string): Promise<XmppEntitlements>;
  /** Every host on a plan with its limits, for the archive purge job. */
  listEntitlements(): Promise<{ hostId: string; entitlements: XmppEntitlements }[]>;
}

export interface XmppEntitlements {
  archiveRetentionDays: number | null;
  uploadQuotaMb: number;
  /** Null without a plan: the PEP module's own default applies. */
  pepStorageKb: number | null;
  /** Group chat rooms and people per room; null without a plan. */
  maxRooms: number | null;
  maxRoomOccupants: number | null;
}

export function createDirectory(
  deps: TenancyDeps,
  limits: { defaultUploadQuotaMb: number },
): TenancyDirectory {
  // The XMPP server asks for a host's limits on every archived message; they change only through
  // setEntitlements in this process, which announces it, so they are kept in memory until then.
  const entitlements = new Map<string, Promise<XmppEntitlements>>();
  const toXmpp = (row: HostEntitlementsRow | undefined): XmppEntitlements => ({
    archiveRetentionDays: row?.archive_retention_days ?? null,
    uploadQuotaMb: row?.upload_quota_mb ?? limits.defaultUploadQuotaMb,
    pepStorageKb: row?.pep_storage_kb ?? null,
    maxRooms: row?.max_rooms ?? null,
    maxRoomOccupants: row?.max_room_occupants ?? null,
  });
  const forget = ({ hostId }: { hostId: string }) => {
    entitlements.delete(hostId);
  };
  deps.events.on('host.entitlements_changed', forget);
  deps.events.on('host.deleted', forget);
  function entitlementsOf(hostId: string) {
    let found = entitlements.get(hostId);
    if (!found) {
      found = findEntitlements(deps.db, hostId).then(toXmpp);
      entitlements.set(hostId, found);
      found.catch(() => entitlements.delete(hostId));
    }
    return found;
  }

  async function member(hostId: string, rawUsername: string) {
    const username = tryNormalizeUsername(rawUsername);
    return username === null ? undefined : findMember(deps.db, hostId, username);
  }
  async function touch(hostId: string, rawUsername: string, kind: 'login' | 'activity') {
    const username = tryNormalizeUsername(rawUsername);
    if (username !== null) await touchMember(deps.db, hostId, username, kind, nowIso(deps));
  }

  return {
    async findHostByDomain(rawDomain) {
      const domain = tryNormalizeDomain(rawDomain);
      const row = domain === null ? undefined : await findHostByDomain(deps.db, domain);
      if (!row) return null;
      return {
        id: row.id,
        domain: row.domain,
        status: row.status,
        statusReason: row.status_reason as HostStatusReason | null,
        customerId: row.customer_id,
      };
    },
    async getCredentials(hostId, username) {
      const row = await member(hostId, username);
      return row ? { memberId: row.id, status: row.status, ...fromCredentialColumns(row) } : null;
    },
    async memberExists(hostId, username) {
      return (await member(hostId, username)) !== undefined;
    },
    // Signing in is activity too: one write per login, not one for the login and one for its first stanza.
    recordLogin: (hostId, username) => touch(hostId, username, 'login'),
    recordActivity: (hostId, username) => touch(hostId, username, 'activity'),
    async changePassword(hostId, username, newPassword) {
      await setMemberPassword(deps, { kind: 'system' }, hostId, username, newPassword);
    },
    listDomains: () => listAllDomains(deps.db),
    entitlements: entitlementsOf,
    async listEntitlements() {
      const rows = await listEntitlements(deps.db);
      return rows.map((row) => ({ hostId: row.host_id, entitlements: toXmpp(row) }));
    },
  };
}
