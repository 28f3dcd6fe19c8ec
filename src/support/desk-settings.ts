/** Staff-editable desk settings: departments, SLA targets per priority, canned responses. */
import { AppError } from '../lib/errors.js';
import { isUniqueViolation } from '../platform/index.js';
import {
  deleteCannedResponse,
  findCannedResponse,
  findDepartment,
  insertCannedResponse,
  insertDepartment,
  listCannedResponses,
  listDepartments,
  listSlaTargets,
  updateCannedResponse,
  updateDepartment,
  updateSlaTarget,
  type CannedResponseRow,
} from './desk.repository.js';
import { nowIso, type SupportDeps } from './support-deps.js';
import { TICKET_PRIORITIES, type TicketPriority } from './ticket-states.js';
import { toDepartmentView, type DepartmentView } from './views.js';

export async function listDepartmentViews(
  deps: Pick<SupportDeps, 'db'>,
  activeOnly: boolean,
): Promise<DepartmentView[]> {
  return (await listDepartments(deps.db, { activeOnly })).map(toDepartmentView);
}

async function departmentOrThrow(deps: Pick<SupportDeps, 'db'>, id: string) {
  const row = await findDepartment(deps.db, id);
  if (!row) throw new AppError('department_not_found');
  return row;
}

export async function createDepartment(deps: SupportDeps, input: { name: string }): Promise<DepartmentView> {
  const now = nowIso(deps);
  const existing = await listDepartments(deps.db, { activeOnly: false });
  const row = {
    id: deps.newId('dep'),
    name: input.name.trim(),
    is_active: 1,
    sort_order: existing.length,
    created_at: now,
    updated_at: now,
  };
  try {
    await insertDepartment(deps.db, row);
  } catch (error) {
    if (isUniqueViolation(error)) throw new AppError('department_name_taken');
    throw error;
  }
  return toDepartmentView(row);
}

export async function changeDepartment(
  deps: SupportDeps,
  id: string,
  input: { name?: string | undefined; isActive?: boolean | undefined; sortOrder?: number | undefined },
): Promise<DepartmentView> {
  await departmentOrThrow(deps, id);
  try {
    await updateDepartment(deps.db, id, {
      ...(input.name === undefined ? {} : { name: input.name.trim() }),
      ...(input.isActive === undefined ? {} : { is_active: input.isActive ? 1 : 0 }),
      ...(input.sortOrder === undefined ? {} : { sort_order: input.sortOrder }),
      updated_at: nowIso(deps),
    });
  } catch (error) {
    if (isUniqueViolation(error)) throw new AppError('department_name_taken');
    throw error;
  }
  return toDepartmentView(await departmentOrThrow(deps, id));
}

export interface SlaTargetView {
  priority: TicketPriority;
  firstResponseMinutes: number;
  resolutionMinutes: number;
}

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

export interface CannedResponseView {
  id: string;
  title: string;
  body: string;
  departmentId: string | null;
  updatedAt: string;
}

function toCannedView(row: CannedResponseRow): CannedResponseView {
  return {
    id: row.id,
    title: row.title,
    body: row.body,
    departmentId: row.department_id,
    updatedAt: row.updated_at,
  };
}

export async function listCannedResponseViews(deps: Pick<SupportDeps, 'db'>): Promise<CannedResponseView[]> {
  return (await listCannedResponses(deps.db)).map(toCannedView);
}

export async function cannedResponseOrThrow(
  deps: Pick<SupportDeps, 'db'>,
  id: string,
): Promise<CannedResponseRow> {
  const row = await findCannedResponse(deps.db, id);
  if (!row) throw new AppError('canned_response_not_found');
  return row;
}

export async function createCannedResponse(
  deps: SupportDeps,
  input: { title: string; body: string; departmentId?: string | null | undefined },
): Promise<CannedResponseView> {
  if (input.departmentId) await departmentOrThrow(deps, input.departmentId);
  const now = nowIso(deps);
  const row: CannedResponseRow = {
    id: deps.newId('can'),
    title: input.title.trim(),
    body: input.body,
    department_id: input.departmentId ?? null,
    created_at: now,
    updated_at: now,
  };
  await insertCannedResponse(deps.db, row);
  return toCannedView(row);
}

export async function changeCannedResponse(
  deps: SupportDeps,
  id: string,
  input: { title?: string | undefined; body?: string | undefined; departmentId?: string | null | undefined },
): Promise<CannedResponseView> {
  await cannedResponseOrThrow(deps, id);
  if (input.departmentId) await departmentOrThrow(deps, input.departmentId);
  await updateCannedResponse(deps.db, id, {
    ...(input.title === undefined ? {} : { title: input.title.trim() }),
    ...(input.body === undefined ? {} : { body: input.body }),
    ...(input.departmentId === undefined ? {} : { department_id: input.departmentId }),
    updated_at: nowIso(deps),
  });
  return toCannedView(await cannedResponseOrThrow(deps, id));
}

export async function removeCannedResponse(deps: SupportDeps, id: string): Promise<void> {
  if ((await deleteCannedResponse(deps.db, id)) === 0) throw new AppError('canned_response_not_found');
}
