import type { HostActivityBatch } from '../lib/host-activity.js';
import { insertAttempts, recordClients } from './login-attempts.repository.js';
import type { MonitoringDeps } from './monitoring-deps.js';
import { addMinutes } from './series.repository.js';

/** Stores one flush of the IM server's activity meter, under this node's name. */
export async function recordActivity(deps: MonitoringDeps, batch: HostActivityBatch): Promise<void> {
  await addMinutes(deps.db, deps.nodeId, batch.minutes);
  await insertAttempts(deps.db, deps.newId, deps.nodeId, batch.attempts);
  await recordClients(deps.db, batch.clients);
}
