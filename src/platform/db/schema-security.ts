/** Row types of the security area's tables: each host's audit runs. */
export interface SecurityAuditsTable {
  id: string;
  host_id: string;
  customer_id: string;
  trigger: 'schedule' | 'manual';
  worst: 'pass' | 'warn' | 'fail';
  results: string; // JSON array of check results (see src/security/views.ts)
  new_failures: string; // JSON array of check ids
  created_at: string;
}

export interface SecurityTables {
  security_audits: SecurityAuditsTable;
}
