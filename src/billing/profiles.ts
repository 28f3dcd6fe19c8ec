import { AppError } from '../lib/errors.js';
import { nowIso, type BillingDeps, type BillingDb } from './billing-deps.js';
import { isValidTimeZone } from '../lib/time-zone.js';
import { findProfile, upsertProfile, type ProfileRow } from './profiles.repository.js';
import type { BillingProfile } from './views.js';

export type { BillingProfile };

export type ProfileChanges = Partial<Omit<BillingProfile, 'customerId'>>;

export function toProfile(customerId: string, row: ProfileRow | undefined): BillingProfile {
  return {
    customerId,
    email: row?.email ?? null,
    timeZone: row?.time_zone ?? 'UTC',
    country: row?.country ?? null,
    vatId: row?.vat_id ?? null,
    legalName: row?.legal_name ?? null,
    address: row?.address ?? null,
  };
}

/** A customer without a stored profile bills in UTC with no tax country until it sets one. */
export async function loadProfile(db: BillingDb, customerId: string): Promise<BillingProfile> {
  return toProfile(customerId, await findProfile(db, customerId));
}

export async function updateProfile(
  deps: BillingDeps,
  customerId: string,
  changes: ProfileChanges,
): Promise<BillingProfile> {
  if (changes.timeZone !== undefined && !isValidTimeZone(changes.timeZone))
    throw new AppError('time_zone_invalid');
  const current = await findProfile(deps.db, customerId);
  const next = { ...toProfile(customerId, current), ...changes };
  const now = nowIso(deps);
  await upsertProfile(deps.db, customerId, {
    email: next.email,
    time_zone: next.timeZone,
    country: next.country?.toUpperCase() ?? null,
    vat_id: next.vatId,
    legal_name: next.legalName,
    address: next.address,
    created_at: current?.created_at ?? now,
    updated_at: now,
  });
  return loadProfile(deps.db, customerId);
}
