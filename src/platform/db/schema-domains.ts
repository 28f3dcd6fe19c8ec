/** Row types of the domains area's tables: ownership claims, DNS checks, ACME certificates, alerts. */
export interface DomainClaimsTable {
  id: string;
  /** Null while a customer proves a name another account holds unverified. */
  host_id: string | null;
  customer_id: string;
  domain: string;
  token: string;
  status: 'pending' | 'verified' | 'expired' | 'lost';
  method: 'dns' | 'hosted' | 'staff' | null;
  reason: string | null;
  created_at: string;
  expires_at: string;
  verified_at: string | null;
  dns_ok: number | null;
  dns_checked_at: string | null;
  dns_next_check_at: string;
  updated_at: string;
}

export interface DomainDnsRecordsTable {
  host_id: string;
  type: string;
  name: string;
  expected: string;
  found: string; // JSON array of strings
  status: 'ok' | 'missing' | 'wrong' | 'error';
  explanation: string | null;
  checked_at: string;
}

export interface DomainCertificatesTable {
  host_id: string;
  customer_id: string;
  domain: string;
  status: 'pending' | 'issued' | 'failed';
  issuer: string | null;
  not_before: string | null;
  not_after: string | null;
  renew_at: string | null;
  fingerprint: string | null;
  next_attempt_at: string | null;
  failures: number;
  last_error: string | null;
  served_status: 'ok' | 'mismatch' | null;
  served_checked_at: string | null;
  updated_at: string;
}

export interface DomainAlertsTable {
  id: string;
  host_id: string;
  customer_id: string;
  kind: 'dns_broken' | 'certificate_mismatch' | 'renewal_failed' | 'certificate_expiring' | 'claim_lost';
  alert_key: string;
  message: string;
  created_at: string;
  resolved_at: string | null;
}

export interface DomainAcmeAccountsTable {
  directory_url: string;
  account_key_pem: string;
  created_at: string;
}

/**
 * Row types of the domains area's tables. The registration part (migrations/0016_domain_registrations.ts):
 * each custom domain's registration as RDAP tells it, the reminders sent about it, auto-renewals and
 * the manual registrar's staff tasks.
 */

/** What the registry says of the domain's life, as the dashboard shows it. */
export type RegistrationState = 'active' | 'expiring' | 'expired' | 'redemption' | 'unknown';

export interface DomainRegistrationsTable {
  id: string;
  customer_id: string;
  host_id: string;
  /** The IM host's domain (`chat.example.com`). */
  host_domain: string;
  /** The registered name RDAP knows (`example.com`); null until found. */
  domain: string | null;
  state: RegistrationState;
  expires_at: string | null;
  /** JSON array of the RDAP statuses (`client transfer prohibited`, `redemption period`…). */
  rdap_statuses: string;
  registrar_name: string | null;
  /** 1 when the customer registered it through the provider, so the provider can renew it. */
  is_through_provider: number;
  auto_renew: number;
  checked_at: string | null;
  next_check_at: string;
  last_error: string | null;
  created_at: string;
  updated_at: string;
}

export interface DomainRemindersTable {
  id: string;
  customer_id: string;
  registration_id: string;
  /** `<registration>:<expires at>:<offset days>`: one reminder per domain, expiry and offset. */
  reminder_key: string;
  domain: string;
  expires_at: string;
  /** Days from the expiry: -30, -7, -1 before it, 1, 5 after. */
  offset_days: number;
  /** JSON array of the addresses it went to. */
  recipients: string;
  sent_at: string;
  dismissed_at: string | null;
}

export type RenewalStatus =
  | 'invoicing'
  | 'awaiting_payment'
  | 'paid'
  | 'at_registrar'
  | 'renewed'
  | 'refused'
  | 'refunded'
  | 'cancelled';

export interface DomainRenewalsTable {
  id: string;
  customer_id: string;
  registration_id: string;
  domain: string;
  /** The expiry renewed from: the registrar's `curExpDate`, and half of the once-only key. */
  cur_exp_date: string;
  years: number;
  /** The registrar adapter that renews it (`manual`, `epp`). */
  registrar: string;
  status: RenewalStatus;
  invoice_id: string | null;
  invoice_number: string | null;
  amount: number | null;
  currency: string | null;
  new_expires_at: string | null;
  attempts: number;
  /** When the registrar is asked (again); also the lease of an attempt in progress. */
  next_attempt_at: string | null;
  last_error: string | null;
  credit_note_number: string | null;
  created_at: string;
  updated_at: string;
}

export type RegistrarTaskStatus = 'open' | 'done' | 'refused';

export interface DomainRegistrarTasksTable {
  id: string;
  customer_id: string;
  renewal_id: string;
  domain: string;
  cur_exp_date: string;
  years: number;
  status: RegistrarTaskStatus;
  new_expires_at: string | null;
  note: string | null;
  /** The staff member's name who finished it. */
  done_by: string | null;
  created_at: string;
  done_at: string | null;
}

export interface DomainCalendarFeedsTable {
  customer_id: string;
  /** SHA-256 of the secret in the feed's URL. */
  token_hash: string;
  created_at: string;
}

export interface DomainsTables {
  domain_claims: DomainClaimsTable;
  domain_dns_records: DomainDnsRecordsTable;
  domain_certificates: DomainCertificatesTable;
  domain_alerts: DomainAlertsTable;
  domain_acme_accounts: DomainAcmeAccountsTable;
  domain_registrations: DomainRegistrationsTable;
  domain_reminders: DomainRemindersTable;
  domain_renewals: DomainRenewalsTable;
  domain_registrar_tasks: DomainRegistrarTasksTable;
  domain_calendar_feeds: DomainCalendarFeedsTable;
}
