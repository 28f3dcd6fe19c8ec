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
  const result = await db
    .insertInto('billing_sandbox_charges')
    .values(row)
    .onConflict((oc) => oc.column('idempotency_key').doNothing())
    .executeTakeFirst();
  return Number(result.numInsertedOrUpdatedRows ?? 0) > 0;
}

/** insertSandboxCharge for many rows; returns the keys written (a key used before keeps its first charge). */
export async function insertSandboxCharges(db: DbOrTx, rows: SandboxChargeRow[]): Promise<Set<string>> {
  const written = new Set<string>();
  for (let from = 0; from < rows.length; from += 500) {
    const inserted = await db
      .insertInto('billing_sandbox_charges')
      .values(rows.slice(from, from + 500))
      .onConflict((oc) => oc.column('idempotency_key').doNothing())
      .returning('idempotency_key')
      .execute();
    for (const row of inserted) written.add(row.idempotency_key);
  }
  return written;
}
