import { AppError } from '../lib/errors.js';
import type { IncidentStatus } from '../platform/index.js';
import { nowIso, type IncidentsDeps } from './incidents-deps.js';
import { incidentsRepository } from './incidents.repository.js';
import { notifyCustomers } from './notify-customers.js';

/**
 * Adds a status update to an open incident. `resolved` closes it for good (the banner goes, the
 * time is recorded) and emails the affected customers; a resolved incident takes no more updates.
 */
export async function postIncidentUpdate(
  deps: IncidentsDeps,
  incidentId: string,
  input: { status: IncidentStatus; message: string },
): Promise<void> {
  const repository = incidentsRepository(deps.db);
  const incident = await repository.find(incidentId);
  if (!incident) throw new AppError('incident_not_found');
  const isAdded = await repository.addUpdate({
    id: deps.newId('incu'),
    incident_id: incident.id,
    status: input.status,
    message: input.message,
    created_at: nowIso(deps),
  });
  if (!isAdded) throw new AppError('incident_resolved');
  if (input.status === 'resolved')
    await notifyCustomers(
      deps,
      incident,
      await repository.hostsOf([incident.id]),
      'incident_resolved',
      input.message,
    );
}
