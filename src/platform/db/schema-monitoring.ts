/** Row types of the monitoring area's tables: per-host series, login attempts, members' clients. */
export interface HostSeriesColumns {
  host_id: string;
  node_id: string;
  sessions: number;
  logins_ok: number;
  logins_wrong_password: number;
  logins_disabled: number;
  logins_suspended: number;
  logins_throttled: number;
  messages: number;
  active_members: number;
  upload_bytes: number | null;
  /** JSON array of counts, one per bucket of LATENCY_BUCKET_BOUNDS_MS. */
  latency_buckets: string;
}

export interface MonitoringHostMinutesTable extends HostSeriesColumns {
  minute: string;
}

export interface MonitoringHostHoursTable extends HostSeriesColumns {
  hour: string;
}

export interface MonitoringLoginAttemptsTable {
  id: string;
  host_id: string;
  username: string;
  outcome: 'ok' | 'wrong_password' | 'disabled' | 'suspended' | 'throttled';
  node_id: string;
  at: string;
}

export interface MonitoringMemberClientsTable {
  host_id: string;
  username: string;
  last_login_at: string;
  resource: string | null;
  software: string | null;
  software_version: string | null;
  os: string | null;
}

export interface MonitoringTables {
  monitoring_host_minutes: MonitoringHostMinutesTable;
  monitoring_host_hours: MonitoringHostHoursTable;
  monitoring_login_attempts: MonitoringLoginAttemptsTable;
  monitoring_member_clients: MonitoringMemberClientsTable;
}
