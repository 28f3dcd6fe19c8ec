import type { DomainCertificatesTable } from '../platform/index.js';
import type { DomainsDb } from './domains-deps.js';

export type CertificateRow = DomainCertificatesTable;

/** Each host's ACME certificate state, and our account key at each ACME directory. */
export function certificatesRepository(db: DomainsDb) {
  return {
    async find(hostId: string): Promise<CertificateRow | undefined> {
      return db
        .selectFrom('domain_certificates')
        .selectAll()
        .where('host_id', '=', hostId)
        .executeTakeFirst();
    },

    async upsert(row: CertificateRow): Promise<void> {
      const { host_id: _hostId, ...changes } = row;
      await db
        .insertInto('domain_certificates')
        .values(row)
        .onConflict((oc) => oc.column('host_id').doUpdateSet(changes))
        .execute();
    },

    async update(hostId: string, changes: Partial<Omit<CertificateRow, 'host_id'>>): Promise<void> {
      await db.updateTable('domain_certificates').set(changes).where('host_id', '=', hostId).execute();
    },

    async listDue(now: string, limit: number): Promise<CertificateRow[]> {
      return db
        .selectFrom('domain_certificates')
        .selectAll()
        .where('next_attempt_at', '<=', now)
        .orderBy('next_attempt_at')
        .limit(limit)
        .execute();
    },

    async listAll(): Promise<CertificateRow[]> {
      return db.selectFrom('domain_certificates').selectAll().execute();
    },

    async findAccountKey(directoryUrl: string): Promise<string | undefined> {
      const row = await db
        .selectFrom('domain_acme_accounts')
        .select('account_key_pem')
        .where('directory_url', '=', directoryUrl)
        .executeTakeFirst();
      return row?.account_key_pem;
    },

    /** First writer wins, so two processes registering at once share one account. */
    async insertAccountKey(directoryUrl: string, keyPem: string, now: string): Promise<void> {
      await db
        .insertInto('domain_acme_accounts')
        .values({ directory_url: directoryUrl, account_key_pem: keyPem, created_at: now })
        .onConflict((oc) => oc.column('directory_url').doNothing())
        .execute();
    },
  };
}
