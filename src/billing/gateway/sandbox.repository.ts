import { insertRows, type BillingSandboxChargesTable } from '../../platform/index.js';
import type { BillingDb } from '../billing-deps.js';

export type SandboxChargeRow = BillingSandboxChargesTable;

export async function findSandboxCharge(
  db: BillingDb,
  idempotencyKey: string,
): Promise<SandboxChargeRow | undefined> {
  return db
    .selectFrom('billing_sandbox_charges')
    .selectAll()
    .where('idempotency_key', '=', idempotencyKey)
    .executeTakeFirst();
}

/** Returns false when the key was already used (the first charge stands). */
export async function insertSandboxCharge(db: BillingDb, row: SandboxChargeRow): Promise<boolean> {
  return (await insertSandboxCharges(db, [row])).has(row.idempotency_key);
}

/** insertSandboxCharge for many rows; returns the keys written (a key used before keeps its first charge). */
export async function insertSandboxCharges(db: BillingDb, rows: SandboxChargeRow[]): Promise<Set<string>> {
  const written = await insertRows(db, 'billing_sandbox_charges', rows, {
    skipConflicts: ['idempotency_key'],
    returning: 'idempotency_key',
  });
  return new Set(written as string[]);
}
