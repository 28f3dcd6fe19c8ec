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
