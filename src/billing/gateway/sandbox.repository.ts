import { chunks } from '../../lib/chunks.js';
import type { BillingSandboxChargesTable, DbOrTx } from '../../platform/index.js';

export type SandboxChargeRow = BillingSandboxChargesTable;

export async function findSandboxCharge(
  db: DbOrTx,
  idempotencyKey: string,
): Promise<SandboxChargeRow | undefined> {
  return db
    .selectFrom('billing_sandbox_charges')
    .selectAll()
    .where('idempotency_key', '=', idempotencyKey)
    .executeTakeFirst();
}

/** Returns false when the key was already used (the first charge stands). */
export async function insertSandboxCharge(db: DbOrTx, row: SandboxChargeRow): Promise<boolean> {
  return (await insertSandboxCharges(db, [row])).has(row.idempotency_key);
}

/** insertSandboxCharge for many rows; returns the keys written (a key used before keeps its first charge). */
export async function insertSandboxCharges(db: DbOrTx, rows: SandboxChargeRow[]): Promise<Set<string>> {
  const written = new Set<string>();
  for (const part of chunks(rows)) {
    const inserted = await db
      .insertInto('billing_sandbox_charges')
      .values(part)
      .onConflict((oc) => oc.column('idempotency_key').doNothing())
      .returning('idempotency_key')
      .execute();
    for (const row of inserted) written.add(row.idempotency_key);
  }
  return written;
}
