/** Staff-editable SLA targets, one per ticket priority. */
import { listSlaTargets, updateSlaTarget } from './desk.repository.js';
import { nowIso, type SupportDeps } from './support-deps.js';
import { TICKET_PRIORITIES } from './ticket-states.js';
import type { SlaTargetView } from './views.js';

export type { SlaTargetView };

export async function listSlaTargetViews(deps: Pick<SupportDeps, 'db'>): Promise<SlaTargetView[]> {
  const rows = await listSlaTargets(deps.db);
  return TICKET_PRIORITIES.flatMap((priority) => {
    const row = rows.find((r) => r.priority === priority);
    return row
      ? [
          {
            priority,
            firstResponseMinutes: row.first_response_minutes,
            resolutionMinutes: row.resolution_minutes,
          },
        ]
      : [];
  });
}

/** New targets apply to tickets opened from now on; open tickets keep the due times they were given. */
export async function setSlaTargets(deps: SupportDeps, targets: SlaTargetView[]): Promise<SlaTargetView[]> {
  const now = nowIso(deps);
  await deps.db.transaction().execute(async (tx) => {
    for (const target of targets) {
      await updateSlaTarget(tx, target.priority, {
        first_response_minutes: target.firstResponseMinutes,
        resolution_minutes: target.resolutionMinutes,
        updated_at: now,
      });
    }
  });
  return listSlaTargetViews(deps);
}
