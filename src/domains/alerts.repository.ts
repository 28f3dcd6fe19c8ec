import type { DomainAlertsTable } from '../platform/index.js';
import type { DomainsDb } from './domains-deps.js';

export type AlertRow = DomainAlertsTable;

/** What went wrong with a host's domain; each (kind, key) once, so each is emailed once. */
export function alertsRepository(db: DomainsDb) {
  return {
    /** True when the alert is new (and so should be sent). */
    async insertOnce(row: AlertRow): Promise<boolean> {
      const result = await db
        .insertInto('domain_alerts')
        .values(row)
        .onConflict((oc) => oc.columns(['host_id', 'kind', 'alert_key']).doNothing())
        .executeTakeFirst();
      return Number(result.numInsertedOrUpdatedRows ?? 0) > 0;
    },

    async resolve(hostId: string, kinds: AlertRow['kind'][], now: string): Promise<void> {
      await db
        .updateTable('domain_alerts')
        .set({ resolved_at: now })
        .where('host_id', '=', hostId)
        .where('kind', 'in', kinds)
        .where('resolved_at', 'is', null)
        .execute();
    },

    async listOpen(hostId: string): Promise<AlertRow[]> {
      return db
        .selectFrom('domain_alerts')
        .selectAll()
        .where('host_id', '=', hostId)
        .where('resolved_at', 'is', null)
        .orderBy('created_at', 'desc')
        .execute();
    },

    async countOpenByHost(): Promise<Map<string, number>> {
      const rows = await db
        .selectFrom('domain_alerts')
        .select(['host_id', (eb) => eb.fn.countAll<number | string>().as('count')])
        .where('resolved_at', 'is', null)
        .groupBy('host_id')
        .execute();
      return new Map(rows.map((row) => [row.host_id, Number(row.count)]));
    },
  };
}
