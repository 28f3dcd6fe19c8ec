import { AppError } from '../lib/errors.js';
import { nowIso, type IncidentsDeps } from './incidents-deps.js';
import { incidentsRepository, type IncidentHostRow, type IncidentRow } from './incidents.repository.js';
import { notifyCustomers } from './notify-customers.js';
import type { IncidentImpact, IncidentStatus } from '../platform/index.js';

export interface NewIncident {
  title: string;
  impact: IncidentImpact;
  /** The first update's text, also the opening email's. */
  message: string;
  status?: Exclude<IncidentStatus, 'resolved'> | undefined;
  /** Null: every host. */
  hostIds: string[] | null;
}

/**
 * Staff open an incident: the affected hosts are looked up now (a missing one is host_not_found),
 * and each affected customer is emailed once. Customers see it as a banner while it is open.
 */
export async function openIncident(deps: IncidentsDeps, input: NewIncident): Promise<string> {
  const now = nowIso(deps);
  const id = deps.newId('inc');
  const hostIds = input.hostIds === null ? [] : [...new Set(input.hostIds)];
  if (input.hostIds !== null && hostIds.length === 0)
    throw new AppError('validation_failed', {
      details: { hostIds: 'name at least one host, or none for all' },
    });
  const hosts: IncidentHostRow[] = [];
  for (const hostId of hostIds) {
    const host = await deps.tenancy.hosts.get({ kind: 'staff' }, hostId);
    hosts.push({ incident_id: id, host_id: host.id, customer_id: host.customerId, domain: host.domain });
  }
  const status = input.status ?? 'investigating';
  const incident: IncidentRow = {
    id,
    title: input.title,
    impact: input.impact,
    status,
    is_all_hosts: input.hostIds === null ? 1 : 0,
    started_at: now,
    resolved_at: null,
    updated_at: now,
  };
  await incidentsRepository(deps.db).insert(incident, hosts, {
    id: deps.newId('incu'),
    incident_id: id,
    status,
    message: input.message,
    created_at: now,
  });
  await notifyCustomers(deps, incident, hosts, 'incident_opened', input.message);
  return id;
}
