/**
 * Row types of every table, as Kysely sees them. The migrations in /migrations are the only place
 * the schema changes; keep this file in step with them. Portable types only: text ids, ISO-8601 UTC
 * timestamps as text, 0/1 integers for flags, JSON as text, so SQLite and PostgreSQL behave alike.
 */
import type { Generated } from 'kysely';
import type { XmppTables } from './schema-xmpp.js';
import type { BillingTables } from './schema-billing.js';
import type { SupportTables } from './schema-support.js';

export interface UsersTable {
  id: string;
  email: string;
  name: string;
  password_hash: string;
  kind: 'staff' | 'customer';
  staff_role: 'admin' | 'support' | 'billing' | null;
  email_verified_at: string | null;
  totp_secret: string | null;
  totp_enabled_at: string | null;
  totp_last_step: number | null;
  created_at: string;
  updated_at: string;
  last_login_at: string | null;
}

export interface CustomersTable {
  id: string;
  name: string;
  timezone: string;
  status: 'active' | 'closed';
  created_at: string;
  updated_at: string;
}

export interface CustomerUsersTable {
  customer_id: string;
  user_id: string;
  role: 'owner' | 'admin' | 'billing';
  created_at: string;
}

export interface SessionsTable {
  id: string; // sha256 of the cookie value
  user_id: string;
  csrf_token: string;
  created_at: string;
  expires_at: string;
  last_seen_at: string;
  ip: string | null;
  user_agent: string | null;
}

export interface ApiTokensTable {
  id: string;
  user_id: string;
  name: string;
  token_hash: string;
  token_prefix: string;
  created_at: string;
  last_used_at: string | null;
  revoked_at: string | null;
}

export interface EmailTokensTable {
  token_hash: string;
  user_id: string;
  purpose: 'verify_email' | 'reset_password';
  created_at: string;
  expires_at: string;
  used_at: string | null;
}

export interface InvitationsTable {
  id: string;
  customer_id: string;
  email: string;
  role: 'admin' | 'billing';
  token_hash: string;
  invited_by: string | null;
  created_at: string;
  expires_at: string;
  accepted_at: string | null;
  revoked_at: string | null;
}

export interface SetupTokensTable {
  token_hash: string;
  created_at: string;
  used_at: string | null;
}

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

export interface AuditEventsTable {
  id: string;
  at: string;
  actor_type: 'staff' | 'customer' | 'system' | 'cli' | 'anonymous';
  actor_id: string | null;
  customer_id: string | null;
  action: string;
  target_type: string | null;
  target_id: string | null;
  ip: string | null;
  details: string | null;
}

export interface JobsTable {
  id: string;
  name: string;
  dedupe_key: string | null;
  payload: string;
  status: 'pending' | 'running' | 'succeeded' | 'failed';
  run_at: string;
  attempts: number;
  max_attempts: number;
  lease_owner: string | null;
  lease_expires_at: string | null;
  last_error: string | null;
  created_at: string;
  updated_at: string;
  finished_at: string | null;
}

export interface JobSchedulesTable {
  name: string;
  cron: string;
  next_run_at: string;
  last_run_at: string | null;
}

export interface OutboxTable {
  id: string;
  created_at: string;
  recipients: string; // JSON array of addresses
  subject: string;
  text_body: string;
  html_body: string | null;
  headers: string | null; // JSON object
  status: 'stored' | 'queued' | 'sent' | 'failed';
  attempts: number;
  last_error: string | null;
  sent_at: string | null;
  message_id: string | null;
}

export interface SettingsTable {
  key: string;
  value: string; // JSON
  updated_at: string;
}

/** A host's plan limits; no row: no plan, no limits. */
export interface HostEntitlementsTable {
  host_id: string;
  max_members: number;
  upload_quota_mb: number;
  archive_retention_days: number;
  custom_domain: number;
  updated_at: string;
}

export interface Database extends XmppTables, SupportTables, BillingTables {
  users: UsersTable;
  customers: CustomersTable;
  customer_users: CustomerUsersTable;
  sessions: SessionsTable;
  api_tokens: ApiTokensTable;
  email_tokens: EmailTokensTable;
  setup_tokens: SetupTokensTable;
  invitations: InvitationsTable;
  hosts: HostsTable;
  members: MembersTable;
  host_entitlements: HostEntitlementsTable;
  audit_events: AuditEventsTable;
  jobs: JobsTable;
  job_schedules: JobSchedulesTable;
  outbox: OutboxTable;
  settings: SettingsTable;
}

/** For tables that later gain a generated column. */
export type { Generated };
