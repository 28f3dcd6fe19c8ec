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

export interface DomainsTables {
  domain_claims: DomainClaimsTable;
  domain_dns_records: DomainDnsRecordsTable;
  domain_certificates: DomainCertificatesTable;
  domain_alerts: DomainAlertsTable;
  domain_acme_accounts: DomainAcmeAccountsTable;
}
