/** Staff-editable departments: tickets are filed under one, and agents see their department's queue. */
import { AppError } from '../lib/errors.js';
import { isUniqueViolation } from '../platform/index.js';
import { findDepartment, insertDepartment, listDepartments, updateDepartment } from './desk.repository.js';
import { nowIso, type SupportDeps } from './support-deps.js';
import { toDepartmentView, type DepartmentView } from './views.js';

export async function listDepartmentViews(
  deps: Pick<SupportDeps, 'db'>,
  activeOnly: boolean,
): Promise<DepartmentView[]> {
  return (await listDepartments(deps.db, { activeOnly })).map(toDepartmentView);
}

export async function departmentOrThrow(deps: Pick<SupportDeps, 'db'>, id: string) {
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
