/** Staff-editable canned responses, optionally kept to one department. */
import { AppError } from '../lib/errors.js';
import {
  deleteCannedResponse,
  findCannedResponse,
  insertCannedResponse,
  listCannedResponses,
  updateCannedResponse,
  type CannedResponseRow,
} from './desk.repository.js';
import { departmentOrThrow } from './manage-departments.js';
import { nowIso, type SupportDeps } from './support-deps.js';
import type { CannedResponseView } from './views.js';

export type { CannedResponseView };

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
