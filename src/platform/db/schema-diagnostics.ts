/** Row types of the diagnostics area's tables: the reports of "Check my IM host". */
export interface DiagnosticReportsTable {
  id: string;
  customer_id: string;
  host_id: string;
  status: 'passed' | 'warning' | 'failed';
  /** The report as the API returns it, JSON. It never holds a password. */
  report: string;
  created_at: string;
}

export interface DiagnosticsTables {
  diagnostic_reports: DiagnosticReportsTable;
}
