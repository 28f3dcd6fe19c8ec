/** Row types of the incidents area's tables: incidents, their updates, hosts and linked tickets. */
export type IncidentImpact = 'minor' | 'major' | 'critical';
export type IncidentStatus = 'investigating' | 'identified' | 'monitoring' | 'resolved';

export interface IncidentsTable {
  id: string;
  title: string;
  impact: IncidentImpact;
  status: IncidentStatus;
  /** 1: every host is affected (incident_hosts is then empty). */
  is_all_hosts: number;
  started_at: string;
  resolved_at: string | null;
  updated_at: string;
}

export interface IncidentUpdatesTable {
  id: string;
  incident_id: string;
  status: IncidentStatus;
  message: string;
  created_at: string;
}

/** The host's customer and domain as they were when the incident was opened. */
export interface IncidentHostsTable {
  incident_id: string;
  host_id: string;
  customer_id: string;
  domain: string;
}

export interface IncidentTicketsTable {
  incident_id: string;
  ticket_id: string;
  customer_id: string;
  subject: string;
  linked_at: string;
}

export interface IncidentsTables {
  incidents: IncidentsTable;
  incident_updates: IncidentUpdatesTable;
  incident_hosts: IncidentHostsTable;
  incident_tickets: IncidentTicketsTable;
}
