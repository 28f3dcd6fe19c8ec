import type { DomainDnsRecordsTable } from '../platform/index.js';
import type { DomainsDb } from './domains-deps.js';

export type DnsRecordRow = DomainDnsRecordsTable;

/** The last lookup of each record a host needs; a check replaces them all. */
export function dnsRecordsRepository(db: DomainsDb) {
  return {
    async list(hostId: string): Promise<DnsRecordRow[]> {
      return db.selectFrom('domain_dns_records').selectAll().where('host_id', '=', hostId).execute();
    },

    async replaceAll(hostId: string, rows: DnsRecordRow[]): Promise<void> {
      await db.transaction().execute(async (tx) => {
        await tx.deleteFrom('domain_dns_records').where('host_id', '=', hostId).execute();
        if (rows.length > 0) await tx.insertInto('domain_dns_records').values(rows).execute();
      });
    },
  };
}
