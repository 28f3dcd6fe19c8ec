import type { Kysely } from 'kysely';

// Incidents that staff open when the service is down or degraded, with their timeline of status
// updates, the hosts they affect (none listed: every host) and the tickets customers opened while
// they were open. And the single-use links a customer makes so one member can choose a new
// password; only the hash of the token is kept.
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('incidents')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('impact', 'text', (c) => c.notNull()) // minor | major | critical
    .addColumn('status', 'text', (c) => c.notNull()) // investigating | identified | monitoring | resolved
    .addColumn('is_all_hosts', 'integer', (c) => c.notNull())
    .addColumn('started_at', 'text', (c) => c.notNull())
    .addColumn('resolved_at', 'text')
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('incidents_by_start').on('incidents').columns(['started_at', 'id']).execute();

  await db.schema
    .createTable('incident_updates')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('incident_id', 'text', (c) => c.notNull().references('incidents.id').onDelete('cascade'))
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('message', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('incident_updates_order')
    .on('incident_updates')
    .columns(['incident_id', 'created_at', 'id'])
    .execute();

  // No foreign key to hosts: a deleted host stays named in the incident's history.
  await db.schema
    .createTable('incident_hosts')
    .addColumn('incident_id', 'text', (c) => c.notNull().references('incidents.id').onDelete('cascade'))
    .addColumn('host_id', 'text', (c) => c.notNull())
    .addColumn('customer_id', 'text', (c) => c.notNull())
    .addColumn('domain', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('incident_hosts_pk', ['incident_id', 'host_id'])
    .execute();
  await db.schema
    .createIndex('incident_hosts_by_customer')
    .on('incident_hosts')
    .column('customer_id')
    .execute();

  await db.schema
    .createTable('incident_tickets')
    .addColumn('incident_id', 'text', (c) => c.notNull().references('incidents.id').onDelete('cascade'))
    .addColumn('ticket_id', 'text', (c) => c.notNull())
    .addColumn('customer_id', 'text', (c) => c.notNull())
    .addColumn('subject', 'text', (c) => c.notNull())
    .addColumn('linked_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('incident_tickets_pk', ['incident_id', 'ticket_id'])
    .execute();
  await db.schema
    .createIndex('incident_tickets_by_ticket')
    .on('incident_tickets')
    .column('ticket_id')
    .execute();

  await db.schema
    .createTable('member_reset_links')
    .addColumn('token_hash', 'text', (c) => c.primaryKey())
    .addColumn('host_id', 'text', (c) => c.notNull().references('hosts.id').onDelete('cascade'))
    .addColumn('member_id', 'text', (c) => c.notNull().references('members.id').onDelete('cascade'))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('expires_at', 'text', (c) => c.notNull())
    .addColumn('used_at', 'text')
    .execute();
  await db.schema
    .createIndex('member_reset_links_by_member')
    .on('member_reset_links')
    .column('member_id')
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const table of [
    'member_reset_links',
    'incident_tickets',
    'incident_hosts',
    'incident_updates',
    'incidents',
  ])
    await db.schema.dropTable(table).execute();
}
