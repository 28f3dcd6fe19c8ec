import type { Kysely } from 'kysely';

// The registration of each custom domain (issue 16, part 4): its expiry as RDAP tells it, the
// reminders sent about it (one row per domain, expiry and offset: the unique key is what makes each
// reminder go out exactly once), and auto-renewals, one row per domain and expiry renewed from (the
// unique key is what makes a renewal happen at most once), with the staff task of the manual
// registrar. Renewal prices per TLD belong to billing's catalog. Rows go with their host.
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('domain_registrations')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('customer_id', 'text', (c) => c.notNull().references('customers.id').onDelete('cascade'))
    .addColumn('host_id', 'text', (c) => c.notNull().unique().references('hosts.id').onDelete('cascade'))
    .addColumn('host_domain', 'text', (c) => c.notNull())
    .addColumn('domain', 'text')
    .addColumn('state', 'text', (c) => c.notNull())
    .addColumn('expires_at', 'text')
    .addColumn('rdap_statuses', 'text', (c) => c.notNull())
    .addColumn('registrar_name', 'text')
    .addColumn('is_through_provider', 'integer', (c) => c.notNull())
    .addColumn('auto_renew', 'integer', (c) => c.notNull())
    .addColumn('checked_at', 'text')
    .addColumn('next_check_at', 'text', (c) => c.notNull())
    .addColumn('last_error', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('domain_registrations_due')
    .on('domain_registrations')
    .columns(['next_check_at', 'id'])
    .execute();
  await db.schema
    .createIndex('domain_registrations_customer')
    .on('domain_registrations')
    .column('customer_id')
    .execute();

  await db.schema
    .createTable('domain_reminders')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('customer_id', 'text', (c) => c.notNull().references('customers.id').onDelete('cascade'))
    .addColumn('registration_id', 'text', (c) =>
      c.notNull().references('domain_registrations.id').onDelete('cascade'),
    )
    .addColumn('reminder_key', 'text', (c) => c.notNull().unique())
    .addColumn('domain', 'text', (c) => c.notNull())
    .addColumn('expires_at', 'text', (c) => c.notNull())
    .addColumn('offset_days', 'integer', (c) => c.notNull())
    .addColumn('recipients', 'text', (c) => c.notNull())
    .addColumn('sent_at', 'text', (c) => c.notNull())
    .addColumn('dismissed_at', 'text')
    .execute();
  await db.schema
    .createIndex('domain_reminders_registration')
    .on('domain_reminders')
    .columns(['registration_id', 'sent_at'])
    .execute();

  await db.schema
    .createTable('domain_renewals')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('customer_id', 'text', (c) => c.notNull().references('customers.id').onDelete('cascade'))
    .addColumn('registration_id', 'text', (c) =>
      c.notNull().references('domain_registrations.id').onDelete('cascade'),
    )
    .addColumn('domain', 'text', (c) => c.notNull())
    .addColumn('cur_exp_date', 'text', (c) => c.notNull())
    .addColumn('years', 'integer', (c) => c.notNull())
    .addColumn('registrar', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('invoice_id', 'text')
    .addColumn('invoice_number', 'text')
    .addColumn('amount', 'integer')
    .addColumn('currency', 'text')
    .addColumn('new_expires_at', 'text')
    .addColumn('attempts', 'integer', (c) => c.notNull())
    .addColumn('next_attempt_at', 'text')
    .addColumn('last_error', 'text')
    .addColumn('credit_note_number', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addUniqueConstraint('domain_renewals_once', ['registration_id', 'cur_exp_date'])
    .execute();
  await db.schema.createIndex('domain_renewals_status').on('domain_renewals').column('status').execute();

  await db.schema
    .createTable('domain_registrar_tasks')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('customer_id', 'text', (c) => c.notNull().references('customers.id').onDelete('cascade'))
    .addColumn('renewal_id', 'text', (c) =>
      c.notNull().unique().references('domain_renewals.id').onDelete('cascade'),
    )
    .addColumn('domain', 'text', (c) => c.notNull())
    .addColumn('cur_exp_date', 'text', (c) => c.notNull())
    .addColumn('years', 'integer', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('new_expires_at', 'text')
    .addColumn('note', 'text')
    .addColumn('done_by', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('done_at', 'text')
    .execute();

  // A customer's calendar feed of domain deadlines: calendar apps send no cookie, so the URL holds a
  // secret; only its hash is kept, and a new one replaces the old.
  await db.schema
    .createTable('domain_calendar_feeds')
    .addColumn('customer_id', 'text', (c) => c.primaryKey().references('customers.id').onDelete('cascade'))
    .addColumn('token_hash', 'text', (c) => c.notNull().unique())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('billing_tld_prices')
    .addColumn('tld', 'text', (c) => c.notNull())
    .addColumn('currency', 'text', (c) => c.notNull())
    .addColumn('amount', 'integer', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('billing_tld_prices_pk', ['tld', 'currency'])
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('billing_tld_prices').execute();
  await db.schema.dropTable('domain_calendar_feeds').execute();
  await db.schema.dropTable('domain_registrar_tasks').execute();
  await db.schema.dropTable('domain_renewals').execute();
  await db.schema.dropTable('domain_reminders').execute();
  await db.schema.dropTable('domain_registrations').execute();
}
