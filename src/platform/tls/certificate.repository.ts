import type { PlatformDb, TlsCertificatesTable } from '../db/index.js';

/** Certificates are keyed by the domain they serve; a domain belongs to exactly one host. */
export function createCertificateRepository(db: PlatformDb) {
  return {
    async find(domain: string): Promise<TlsCertificatesTable | undefined> {
      return db.selectFrom('tls_certificates').selectAll().where('domain', '=', domain).executeTakeFirst();
    },

    /** First writer wins, so two nodes creating a self-signed cert at once end up with the same one. */
    async insertIfAbsent(row: TlsCertificatesTable): Promise<void> {
      await db
        .insertInto('tls_certificates')
        .values(row)
        .onConflict((oc) => oc.column('domain').doNothing())
        .execute();
    },

    async replace(row: TlsCertificatesTable): Promise<void> {
      await db
        .insertInto('tls_certificates')
        .values(row)
        .onConflict((oc) =>
          oc.column('domain').doUpdateSet({
            cert_pem: row.cert_pem,
            key_pem: row.key_pem,
            is_self_signed: row.is_self_signed,
            source: row.source,
            not_after: row.not_after,
            updated_at: row.updated_at,
          }),
        )
        .execute();
    },

    async remove(domain: string): Promise<void> {
      await db.deleteFrom('tls_certificates').where('domain', '=', domain).execute();
    },
  };
}
