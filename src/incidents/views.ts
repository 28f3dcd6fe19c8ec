import { Type, type Static } from 'typebox';
import { Nullable, Timestamp } from '../lib/view-schema.js';
import type {
  IncidentHostRow,
  IncidentRow,
  IncidentTicketRow,
  IncidentUpdateRow,
} from './incidents.repository.js';

/*
 * What staff, customers and the public see of an incident, as TypeBox schemas the API serves. The
 * public view names no host: which hosts an incident touches is told only to their own customers.
 */

export const INCIDENT_IMPACTS = ['minor', 'major', 'critical'] as const;
export const INCIDENT_STATUSES = ['investigating', 'identified', 'monitoring', 'resolved'] as const;

export const IncidentImpact = Type.Enum(INCIDENT_IMPACTS, {
  description: 'minor: degraded; major: partly down; critical: down.',
});
export const IncidentStatus = Type.Enum(INCIDENT_STATUSES);

export const IncidentUpdateView = Type.Object({
  status: IncidentStatus,
  message: Type.String(),
  createdAt: Timestamp,
});
export type IncidentUpdateView = Static<typeof IncidentUpdateView>;

const incidentProperties = {
  id: Type.String(),
  title: Type.String(),
  impact: IncidentImpact,
  status: IncidentStatus,
  startedAt: Timestamp,
  resolvedAt: Nullable(Timestamp),
  /** Newest first. */
  updates: Type.Array(IncidentUpdateView),
};

export const PublicIncidentView = Type.Object(incidentProperties);
export type PublicIncidentView = Static<typeof PublicIncidentView>;

export const PublicStatusView = Type.Object({
  state: Type.Union([Type.Literal('operational'), Type.Literal('degraded'), Type.Literal('outage')], {
    description:
      'operational: nothing open; degraded: only minor incidents open; outage: a major or critical one.',
  }),
  current: Type.Array(PublicIncidentView),
  /** Resolved within the last 90 days, newest first. */
  past: Type.Array(PublicIncidentView),
});
export type PublicStatusView = Static<typeof PublicStatusView>;

/**
 * The XEP-0455 status document chat apps fetch from the address in the host's disco#info: empty
 * while nothing is down; else when the outage began and what it is, by language.
 */
export const OutageStatusView = Type.Object(
  {
    planned: Type.Optional(Type.Boolean()),
    beginning: Type.Optional(Timestamp),
    message: Type.Optional(Type.Record(Type.String(), Type.String())),
  },
  { description: 'XEP-0455 §2.2: `{}` when there is no outage.' },
);
export type OutageStatusView = Static<typeof OutageStatusView>;

export const CustomerIncidentView = Type.Object({
  ...incidentProperties,
  isAllHosts: Type.Boolean(),
  /** The customer's own affected hosts (empty when every host is affected). */
  domains: Type.Array(Type.String()),
});
export type CustomerIncidentView = Static<typeof CustomerIncidentView>;

export const IncidentTicketView = Type.Object({
  ticketId: Type.String(),
  subject: Type.String(),
  linkedAt: Timestamp,
});

export const StaffIncidentView = Type.Object({
  ...incidentProperties,
  isAllHosts: Type.Boolean(),
  hosts: Type.Array(Type.Object({ hostId: Type.String(), domain: Type.String() })),
  tickets: Type.Array(IncidentTicketView),
});
export type StaffIncidentView = Static<typeof StaffIncidentView>;

export const TicketIncidentView = Type.Object({
  id: Type.String(),
  title: Type.String(),
  status: IncidentStatus,
  startedAt: Timestamp,
});
export type TicketIncidentView = Static<typeof TicketIncidentView>;

export interface IncidentParts {
  updates: IncidentUpdateRow[];
  hosts: IncidentHostRow[];
  tickets: IncidentTicketRow[];
}

export function toPublicIncident(row: IncidentRow, updates: IncidentUpdateRow[]): PublicIncidentView {
  return {
    id: row.id,
    title: row.title,
    impact: row.impact,
    status: row.status,
    startedAt: row.started_at,
    resolvedAt: row.resolved_at,
    updates: updates
      .filter((update) => update.incident_id === row.id)
      .map((update) => ({ status: update.status, message: update.message, createdAt: update.created_at })),
  };
}

export function toStaffIncident(row: IncidentRow, parts: IncidentParts): StaffIncidentView {
  return {
    ...toPublicIncident(row, parts.updates),
    isAllHosts: row.is_all_hosts === 1,
    hosts: parts.hosts
      .filter((host) => host.incident_id === row.id)
      .map((host) => ({ hostId: host.host_id, domain: host.domain })),
    tickets: parts.tickets
      .filter((ticket) => ticket.incident_id === row.id)
      .map((ticket) => ({ ticketId: ticket.ticket_id, subject: ticket.subject, linkedAt: ticket.linked_at })),
  };
}

export function toCustomerIncident(
  row: IncidentRow,
  parts: Pick<IncidentParts, 'updates' | 'hosts'>,
  customerId: string,
): CustomerIncidentView {
  return {
    ...toPublicIncident(row, parts.updates),
    isAllHosts: row.is_all_hosts === 1,
    domains: parts.hosts
      .filter((host) => host.incident_id === row.id && host.customer_id === customerId)
      .map((host) => host.domain),
  };
}
