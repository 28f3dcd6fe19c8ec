/** Row types of the tenancy area's tables: IM hosts, their members and plan limits. */
export interface HostsTable {
  id: string;
  customer_id: string;
  domain: string;
  status: 'active' | 'suspended' | 'terminated';
  status_reason: string | null;
  created_at: string;
  updated_at: string;
}

export interface MembersTable {
  id: string;
  host_id: string;
  username: string;
  display_name: string | null;
  status: 'active' | 'disabled';
  scram_salt: string;
  scram_iterations: number;
  scram_sha1_stored_key: string;
  scram_sha1_server_key: string;
  scram_sha256_stored_key: string;
  scram_sha256_server_key: string;
  created_at: string;
  updated_at: string;
  last_login_at: string | null;
  last_activity_at: string | null;
}

/** A host's plan limits; no row: no plan, no limits. */
export interface HostEntitlementsTable {
  host_id: string;
  max_members: number;
  max_rooms: number;
  max_room_occupants: number;
  upload_quota_mb: number;
  archive_retention_days: number;
  custom_domain: number;
  pep_storage_kb: number;
  updated_at: string;
}

/** A single-use link a customer made so one member can choose a new password; the token is hashed. */
export interface MemberResetLinksTable {
  token_hash: string;
  host_id: string;
  member_id: string;
  created_at: string;
  expires_at: string;
  used_at: string | null;
}

export interface TenancyTables {
  hosts: HostsTable;
  members: MembersTable;
  host_entitlements: HostEntitlementsTable;
  member_reset_links: MemberResetLinksTable;
}
