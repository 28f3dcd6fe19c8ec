import type { DomainClaimsTable } from '../platform/index.js';
import type { DomainsDb } from './domains-deps.js';

export type ClaimRow = DomainClaimsTable;

/** Ownership claims. A host's claim is found by its host id; one not yet on a host, by its customer. */
export function claimsRepository(db: DomainsDb) {
  return {
    async findByHost(hostId: string): Promise<ClaimRow | undefined> {
      return db.selectFrom('domain_claims').selectAll().where('host_id', '=', hostId).executeTakeFirst();
    },

    async findByCustomer(customerId: string, domain: string): Promise<ClaimRow | undefined> {
      return db
        .selectFrom('domain_claims')
        .selectAll()
        .where('customer_id', '=', customerId)
        .where('domain', '=', domain)
        .executeTakeFirst();
    },

    /** First writer wins: two requests registering the same host's claim end with one row. */
    async insertIfAbsent(row: ClaimRow): Promise<void> {
      await db
        .insertInto('domain_claims')
        .values(row)
        .onConflict((oc) => oc.doNothing())
        .execute();
    },

    async attachToHost(customerId: string, domain: string, hostId: string, now: string): Promise<void> {
      await db
        .updateTable('domain_claims')
        .set({ host_id: hostId, updated_at: now })
        .where('customer_id', '=', customerId)
        .where('domain', '=', domain)
        .where('host_id', 'is', null)
        .execute();
    },

    /** Throws a unique violation when another claim on the name is already verified. */
    async markVerified(
      id: string,
      change: { method: 'dns' | 'hosted' | 'staff'; reason: string | null; now: string },
    ): Promise<number> {
      const result = await db
        .updateTable('domain_claims')
        .set({
          status: 'verified',
          method: change.method,
          reason: change.reason,
          verified_at: change.now,
          updated_at: change.now,
        })
        .where('id', '=', id)
        .where('status', '!=', 'verified')
        .executeTakeFirst();
      return Number(result.numUpdatedRows);
    },

    async recordDnsCheck(
      id: string,
      check: { isOk: boolean; checkedAt: string; nextCheckAt: string },
    ): Promise<void> {
      await db
        .updateTable('domain_claims')
        .set({
          dns_ok: check.isOk ? 1 : 0,
          dns_checked_at: check.checkedAt,
          dns_next_check_at: check.nextCheckAt,
          updated_at: check.checkedAt,
        })
        .where('id', '=', id)
        .execute();
    },

    /** Hosts whose DNS is due for a look, oldest first. */
    async listDue(now: string, limit: number): Promise<ClaimRow[]> {
      return db
        .selectFrom('domain_claims')
        .selectAll()
        .where('host_id', 'is not', null)
        .where('dns_next_check_at', '<=', now)
        .orderBy('dns_next_check_at')
        .limit(limit)
        .execute();
    },

    /** Pending claims past their 7 days: a host's turns expired, one on no host goes away. */
    async expirePending(now: string): Promise<void> {
      await db
        .deleteFrom('domain_claims')
        .where('status', '=', 'pending')
        .where('host_id', 'is', null)
        .where('expires_at', '<=', now)
        .execute();
      await db
        .updateTable('domain_claims')
        .set({ status: 'expired', updated_at: now })
        .where('status', '=', 'pending')
        .where('expires_at', '<=', now)
        .execute();
    },

    /** Every host's claim, for the staff overview. */
    async listAll(): Promise<ClaimRow[]> {
      return db.selectFrom('domain_claims').selectAll().where('host_id', 'is not', null).execute();
    },
  };
}
