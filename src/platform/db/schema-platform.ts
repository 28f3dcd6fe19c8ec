/** Row types of the platform's own tables: audit log, job queue, mail outbox, settings, TLS certificates. */
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

export interface TlsCertificatesTable {
  domain: string;
  cert_pem: string;
  key_pem: string;
  is_self_signed: number;
  /** Where it came from: an operator's is never replaced by ACME. */
  source: 'self_signed' | 'operator' | 'acme';
  not_after: string;
  created_at: string;
  updated_at: string;
}

export interface PlatformTables {
  audit_events: AuditEventsTable;
  jobs: JobsTable;
  job_schedules: JobSchedulesTable;
  outbox: OutboxTable;
  settings: SettingsTable;
  tls_certificates: TlsCertificatesTable;
}
