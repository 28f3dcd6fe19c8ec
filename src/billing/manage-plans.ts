import { AppError } from '../lib/errors.js';
import { DEFAULT_PEP_STORAGE_KB, DEFAULT_ROOM_LIMITS } from '../tenancy/index.js';
import { isUniqueViolation } from '../platform/index.js';
import { nowIso, type BillingDeps } from './billing-deps.js';
import { findPlan, insertPlan, listPlans, listPrices, updatePlan } from './catalog.repository.js';
import { toPlanView, type EntitlementsInput, type PlanView } from './views.js';

export interface PlanInput {
  code: string;
  name: string;
  description: string;
  rank: number;
  trialDays: number;
  entitlements: EntitlementsInput;
}

export async function listCatalog(deps: BillingDeps, options: { activeOnly: boolean }): Promise<PlanView[]> {
  const plans = await listPlans(deps.db, options);
  const prices = await listPrices(
    deps.db,
    plans.map((p) => p.id),
    { currentOnly: options.activeOnly },
  );
  return plans.map((plan) => toPlanView(plan, prices));
}

export async function getPlan(deps: BillingDeps, planId: string): Promise<PlanView> {
  const plan = await findPlan(deps.db, planId);
  if (!plan) throw new AppError('plan_not_found');
  return toPlanView(plan, await listPrices(deps.db, [plan.id], { currentOnly: false }));
}

function planColumns(input: PlanInput) {
  return {
    code: input.code,
    name: input.name,
    description: input.description,
    rank: input.rank,
    trial_days: input.trialDays,
    max_members: input.entitlements.maxMembers,
    upload_quota_mb: input.entitlements.uploadQuotaMb,
    archive_retention_days: input.entitlements.archiveRetentionDays,
    custom_domain: input.entitlements.customDomain ? 1 : 0,
    pep_storage_kb: input.entitlements.pepStorageKb ?? DEFAULT_PEP_STORAGE_KB,
    max_rooms: input.entitlements.maxRooms ?? DEFAULT_ROOM_LIMITS.maxRooms,
    max_room_occupants: input.entitlements.maxRoomOccupants ?? DEFAULT_ROOM_LIMITS.maxRoomOccupants,
  };
}

export async function createPlan(deps: BillingDeps, input: PlanInput): Promise<PlanView> {
  const now = nowIso(deps);
  const id = deps.newId('plan');
  try {
    await insertPlan(deps.db, { id, ...planColumns(input), is_active: 1, created_at: now, updated_at: now });
  } catch (error) {
    if (isUniqueViolation(error)) throw new AppError('plan_code_taken');
    throw error;
  }
  return getPlan(deps, id);
}

export async function changePlan(
  deps: BillingDeps,
  planId: string,
  input: Partial<PlanInput> & { isActive?: boolean | undefined },
): Promise<PlanView> {
  const current = await getPlan(deps, planId);
  const merged: PlanInput = {
    code: input.code ?? current.code,
    name: input.name ?? current.name,
    description: input.description ?? current.description,
    rank: input.rank ?? current.rank,
    trialDays: input.trialDays ?? current.trialDays,
    entitlements: { ...current.entitlements, ...input.entitlements },
  };
  const isActive = input.isActive ?? current.isActive;
  try {
    await updatePlan(deps.db, planId, {
      ...planColumns(merged),
      is_active: isActive ? 1 : 0,
      updated_at: nowIso(deps),
    });
  } catch (error) {
    if (isUniqueViolation(error)) throw new AppError('plan_code_taken');
    throw error;
  }
  return getPlan(deps, planId);
}
