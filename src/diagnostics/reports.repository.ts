import type { DiagnosticReportsTable, DiagnosticsTables, ScopedDb } from '../platform/index.js';

export type DiagnosticsDb = ScopedDb<DiagnosticsTables>;
export type ReportRow = DiagnosticReportsTable;

/** The kept reports of "Check my IM host", always read by customer and host. */
export function reportsRepository(db: DiagnosticsDb) {
  return {
    async insert(row: ReportRow): Promise<void> {
      await db.insertInto('diagnostic_reports').values(row).execute();
    },

    async find(customerId: string, hostId: string, id: string): Promise<ReportRow | undefined> {
      return db
        .selectFrom('diagnostic_reports')
        .selectAll()
        .where('customer_id', '=', customerId)
        .where('host_id', '=', hostId)
        .where('id', '=', id)
        .executeTakeFirst();
    },

    async latest(customerId: string, hostId: string): Promise<ReportRow | undefined> {
      return db
        .selectFrom('diagnostic_reports')
        .selectAll()
        .where('customer_id', '=', customerId)
        .where('host_id', '=', hostId)
        .orderBy('created_at', 'desc')
        .orderBy('id', 'desc')
        .limit(1)
        .executeTakeFirst();
    },

    /** Reports older than the cutoff are of no use to anyone: the host has changed since. */
    async deleteOlderThan(customerId: string, hostId: string, cutoff: string): Promise<void> {
      await db
        .deleteFrom('diagnostic_reports')
        .where('customer_id', '=', customerId)
        .where('host_id', '=', hostId)
        .where('created_at', '<', cutoff)
        .execute();
    },
  };
}
