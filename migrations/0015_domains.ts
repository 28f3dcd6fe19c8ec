import { sql, type Kysely } from 'kysely';

// Issue 16: a customer's domain proven by a TXT record, its DNS checked, its certificate from ACME.
// - domain_claims: who claims which name. A claim belongs to a host, or (a customer proving a name
//   another account holds unverified) to no host yet. At most one verified claim per name, by index.
//   The claim also carries the DNS re-check schedule of its host.
// - domain_dns_records: the last lookup of each record a host needs, as the dashboard shows it.
// - domain_certificates: a host's ACME certificate: when it renews, how its last attempt went, and
//   whether the listeners serve it.
// - domain_alerts: what went wrong, each alert once (its key), shown on the page and emailed.
// - domain_acme_accounts: our account key at each ACME directory.
// tls_certificates gains where its certificate came from: an operator's is never replaced.
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('domain_claims')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('host_id', 'text', (c) => c.references('hosts.id').onDelete('cascade'))
    .addColumn('customer_id', 'text', (c) => c.notNull().references('customers.id').onDelete('cascade'))
    .addColumn('domain', 'text', (c) => c.notNull())
    .addColumn('token', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('method', 'text')
    .addColumn('reason', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('expires_at', 'text', (c) => c.notNull())
    .addColumn('verified_at', 'text')
    .addColumn('dns_ok', 'integer')
    .addColumn('dns_checked_at', 'text')
    .addColumn('dns_next_check_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addUniqueConstraint('domain_claims_host', ['host_id'])
    .addUniqueConstraint('domain_claims_customer_domain', ['customer_id', 'domain'])
    .execute();
  await sql`CREATE UNIQUE INDEX domain_claims_one_verified ON domain_claims (domain) WHERE status = 'verified'`.execute(
    db,
  );
  await db.schema.createIndex('domain_claims_due').on('domain_claims').column('dns_next_check_at').execute();

  await db.schema
    .createTable('domain_dns_records')
    .addColumn('host_id', 'text', (c) => c.notNull().references('hosts.id').onDelete('cascade'))
    .addColumn('type', 'text', (c) => c.notNull())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('expected', 'text', (c) => c.notNull())
    .addColumn('found', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('explanation', 'text')
    .addColumn('checked_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('domain_dns_records_pk', ['host_id', 'type', 'name'])
    .execute();

  await db.schema
    .createTable('domain_certificates')
    .addColumn('host_id', 'text', (c) => c.primaryKey().references('hosts.id').onDelete('cascade'))
    .addColumn('customer_id', 'text', (c) => c.notNull())
    .addColumn('domain', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('issuer', 'text')
    .addColumn('not_before', 'text')
    .addColumn('not_after', 'text')
    .addColumn('renew_at', 'text')
    .addColumn('fingerprint', 'text')
    .addColumn('next_attempt_at', 'text')
    .addColumn('failures', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('last_error', 'text')
    .addColumn('served_status', 'text')
    .addColumn('served_checked_at', 'text')
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('domain_certificates_due')
    .on('domain_certificates')
    .column('next_attempt_at')
    .execute();

  await db.schema
    .createTable('domain_alerts')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('host_id', 'text', (c) => c.notNull().references('hosts.id').onDelete('cascade'))
    .addColumn('customer_id', 'text', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('alert_key', 'text', (c) => c.notNull())
    .addColumn('message', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('resolved_at', 'text')
    .addUniqueConstraint('domain_alerts_once', ['host_id', 'kind', 'alert_key'])
    .execute();

  await db.schema
    .createTable('domain_acme_accounts')
    .addColumn('directory_url', 'text', (c) => c.primaryKey())
    .addColumn('account_key_pem', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();

  await db.schema
    .alterTable('tls_certificates')
    .addColumn('source', 'text', (c) => c.notNull().defaultTo('operator'))
    .execute();
  await sql`UPDATE tls_certificates SET source = 'self_signed' WHERE is_self_signed = 1`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('tls_certificates').dropColumn('source').execute();
  for (const table of [
    'domain_acme_accounts',
    'domain_alerts',
    'domain_certificates',
    'domain_dns_records',
    'domain_claims',
  ]) {
    await db.schema.dropTable(table).execute();
  }
}
