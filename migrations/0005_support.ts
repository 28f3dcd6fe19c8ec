import type { Kysely } from 'kysely';

// The support desk: departments, tickets, their messages and attachments, the staff who are looking
// at a ticket, canned responses, SLA targets per priority, and the desk's own settings (the key that
// signs reply addresses). Every ticket-owned row carries customer_id, so each query names its tenant.
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('support_departments')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('name', 'text', (c) => c.notNull().unique())
    .addColumn('is_active', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('sort_order', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('support_tickets')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('customer_id', 'text', (c) => c.notNull().references('customers.id').onDelete('cascade'))
    .addColumn('requester_user_id', 'text', (c) => c.references('users.id').onDelete('set null'))
    .addColumn('requester_email', 'text', (c) => c.notNull())
    .addColumn('requester_name', 'text', (c) => c.notNull())
    .addColumn('customer_name', 'text', (c) => c.notNull())
    .addColumn('department_id', 'text', (c) => c.notNull().references('support_departments.id'))
    .addColumn('priority', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('subject', 'text', (c) => c.notNull())
    .addColumn('host_id', 'text', (c) => c.references('hosts.id').onDelete('set null'))
    .addColumn('invoice_id', 'text')
    .addColumn('assignee_id', 'text', (c) => c.references('users.id').onDelete('set null'))
    .addColumn('merged_into_id', 'text')
    .addColumn('search_text', 'text', (c) => c.notNull())
    .addColumn('first_response_due_at', 'text')
    .addColumn('resolution_due_at', 'text')
    .addColumn('first_responded_at', 'text')
    .addColumn('sla_paused_at', 'text')
    .addColumn('sla_warned_at', 'text')
    .addColumn('waiting_since', 'text')
    .addColumn('reminder_sent_at', 'text')
    .addColumn('resolved_at', 'text')
    .addColumn('closed_at', 'text')
    .addColumn('rating', 'integer')
    .addColumn('rating_comment', 'text')
    .addColumn('rated_at', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('support_tickets_customer')
    .on('support_tickets')
    .columns(['customer_id', 'id'])
    .execute();
  await db.schema
    .createIndex('support_tickets_status')
    .on('support_tickets')
    .columns(['status', 'id'])
    .execute();

  await db.schema
    .createTable('support_messages')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('ticket_id', 'text', (c) => c.notNull().references('support_tickets.id').onDelete('cascade'))
    .addColumn('customer_id', 'text', (c) => c.notNull())
    .addColumn('author_kind', 'text', (c) => c.notNull())
    .addColumn('author_user_id', 'text')
    .addColumn('author_name', 'text', (c) => c.notNull())
    .addColumn('is_internal', 'integer', (c) => c.notNull())
    .addColumn('body', 'text', (c) => c.notNull())
    .addColumn('body_html', 'text', (c) => c.notNull())
    .addColumn('log_text', 'text')
    .addColumn('source', 'text', (c) => c.notNull())
    .addColumn('email_message_id', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('support_messages_ticket')
    .on('support_messages')
    .columns(['ticket_id', 'id'])
    .execute();

  await db.schema
    .createTable('support_attachments')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('ticket_id', 'text', (c) => c.notNull().references('support_tickets.id').onDelete('cascade'))
    .addColumn('message_id', 'text', (c) => c.notNull())
    .addColumn('customer_id', 'text', (c) => c.notNull())
    .addColumn('file_name', 'text', (c) => c.notNull())
    .addColumn('content_type', 'text', (c) => c.notNull())
    .addColumn('size_bytes', 'integer', (c) => c.notNull())
    .addColumn('storage_key', 'text', (c) => c.notNull())
    .addColumn('thumbnail_key', 'text')
    .addColumn('width', 'integer')
    .addColumn('height', 'integer')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('support_attachments_ticket')
    .on('support_attachments')
    .columns(['ticket_id'])
    .execute();

  await db.schema
    .createTable('support_ticket_viewers')
    .addColumn('ticket_id', 'text', (c) => c.notNull().references('support_tickets.id').onDelete('cascade'))
    .addColumn('user_id', 'text', (c) => c.notNull().references('users.id').onDelete('cascade'))
    .addColumn('user_name', 'text', (c) => c.notNull())
    .addColumn('seen_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('support_ticket_viewers_pk', ['ticket_id', 'user_id'])
    .execute();

  await db.schema
    .createTable('support_canned_responses')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('body', 'text', (c) => c.notNull())
    .addColumn('department_id', 'text', (c) => c.references('support_departments.id').onDelete('set null'))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('support_sla_targets')
    .addColumn('priority', 'text', (c) => c.primaryKey())
    .addColumn('first_response_minutes', 'integer', (c) => c.notNull())
    .addColumn('resolution_minutes', 'integer', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('support_settings')
    .addColumn('key', 'text', (c) => c.primaryKey())
    .addColumn('value', 'text', (c) => c.notNull())
    .execute();

  const now = '2026-01-01T00:00:00.000Z';
  await db
    .insertInto('support_departments' as never)
    .values(
      ['Technical', 'Billing', 'Sales', 'Abuse'].map((name, index) => ({
        id: `dep_${name.toLowerCase()}`,
        name,
        is_active: 1,
        sort_order: index,
        created_at: now,
        updated_at: now,
      })) as never,
    )
    .execute();
  // Defaults in the range WHMCS and osTicket ship; staff change them with PUT /admin/support/sla-targets.
  const targets: [string, number, number][] = [
    ['urgent', 60, 8 * 60],
    ['high', 4 * 60, 24 * 60],
    ['normal', 8 * 60, 3 * 24 * 60],
    ['low', 24 * 60, 7 * 24 * 60],
  ];
  await db
    .insertInto('support_sla_targets' as never)
    .values(
      targets.map(([priority, firstResponse, resolution]) => ({
        priority,
        first_response_minutes: firstResponse,
        resolution_minutes: resolution,
        updated_at: now,
      })) as never,
    )
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const table of [
    'support_settings',
    'support_sla_targets',
    'support_canned_responses',
    'support_ticket_viewers',
    'support_attachments',
    'support_messages',
    'support_tickets',
    'support_departments',
  ]) {
    await db.schema.dropTable(table).execute();
  }
}
