import type { SecurityAuditsTable } from '../platform/index.js';
import type { SecurityDb } from './security-deps.js';

export type AuditRow = SecurityAuditsTable;

/** A host's audit runs. Every read names the host: audits exist only inside one. */
export function auditsRepository(db: SecurityDb) {
  return {
    async insert(row: AuditRow): Promise<void> {
      await db.insertInto('security_audits').values(row).execute();
    },

    /** Newest first. */
    async listForHost(hostId: string, limit: number): Promise<AuditRow[]> {
      return db
        .selectFrom('security_audits')
        .selectAll()
        .where('host_id', '=', hostId)
        .orderBy('created_at', 'desc')
        .orderBy('id', 'desc')
        .limit(limit)
        .execute();
    },

    /** Each host's newest audit (staff's server-wide report). */
    async latestPerHost(): Promise<AuditRow[]> {
      return db
        .selectFrom('security_audits as a')
        .selectAll('a')
        .where(({ not, exists, selectFrom }) =>
          not(
            exists(
              selectFrom('security_audits as b')
                .select('b.id')
                .whereRef('b.host_id', '=', 'a.host_id')
                .where((eb) =>
                  eb.or([
                    eb('b.created_at', '>', eb.ref('a.created_at')),
                    eb.and([
                      eb('b.created_at', '=', eb.ref('a.created_at')),
                      eb('b.id', '>', eb.ref('a.id')),
                    ]),
                  ]),
                ),
            ),
          ),
        )
        .execute();
    },
  };
}
