import { sql, type Kysely } from 'kysely';

// XEP-0163 personal eventing (PEP) on every account, XEP-0049 private XML storage, and the plan
// limit on what an account may keep there.
export async function up(db: Kysely<unknown>): Promise<void> {
  // One row per node of an account: its configuration (XEP-0060 §16.4 pubsub#node_config).
  // max_items null is "max", as many as the account's storage allows.
  await db.schema
    .createTable('xmpp_pep_nodes')
    .addColumn('host_id', 'text', (c) => c.notNull().references('hosts.id').onDelete('cascade'))
    .addColumn('owner', 'text', (c) => c.notNull())
    .addColumn('node', 'text', (c) => c.notNull())
    .addColumn('access_model', 'text', (c) => c.notNull())
    .addColumn('max_items', 'integer')
    .addColumn('persist_items', 'integer', (c) => c.notNull())
    .addColumn('notify_retract', 'integer', (c) => c.notNull())
    .addColumn('send_last_published_item', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('xmpp_pep_nodes_pk', ['host_id', 'owner', 'node'])
    .execute();

  // Items, newest with the highest position; bytes is the payload's size, for the plan's limit.
  await db.schema
    .createTable('xmpp_pep_items')
    .addColumn('host_id', 'text', (c) => c.notNull().references('hosts.id').onDelete('cascade'))
    .addColumn('owner', 'text', (c) => c.notNull())
    .addColumn('node', 'text', (c) => c.notNull())
    .addColumn('item_id', 'text', (c) => c.notNull())
    .addColumn('position', 'integer', (c) => c.notNull())
    .addColumn('payload', 'text', (c) => c.notNull())
    .addColumn('bytes', 'integer', (c) => c.notNull())
    .addColumn('publisher', 'text', (c) => c.notNull())
    .addColumn('published_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('xmpp_pep_items_pk', ['host_id', 'owner', 'node', 'item_id'])
    .execute();
  await db.schema
    .createIndex('xmpp_pep_items_order')
    .on('xmpp_pep_items')
    .columns(['host_id', 'owner', 'node', 'position'])
    .execute();

  // Explicit subscriptions (XEP-0060 §6.1); PEP's implicit ones come from presence and caps.
  await db.schema
    .createTable('xmpp_pep_subscriptions')
    .addColumn('host_id', 'text', (c) => c.notNull().references('hosts.id').onDelete('cascade'))
    .addColumn('owner', 'text', (c) => c.notNull())
    .addColumn('node', 'text', (c) => c.notNull())
    .addColumn('jid', 'text', (c) => c.notNull())
    .addColumn('subid', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('xmpp_pep_subscriptions_pk', ['host_id', 'owner', 'node', 'jid'])
    .execute();

  // XEP-0115 capabilities by verification string, asked of one client once and kept for all:
  // a hash names the same feature list whoever sends it, so this is not any tenant's data.
  await db.schema
    .createTable('xmpp_caps')
    .addColumn('ver', 'text', (c) => c.primaryKey())
    .addColumn('features', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();

  // XEP-0049: one element per account and namespace.
  await db.schema
    .createTable('xmpp_private_storage')
    .addColumn('host_id', 'text', (c) => c.notNull().references('hosts.id').onDelete('cascade'))
    .addColumn('username', 'text', (c) => c.notNull())
    .addColumn('namespace', 'text', (c) => c.notNull())
    .addColumn('element', 'text', (c) => c.notNull())
    .addColumn('bytes', 'integer', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('xmpp_private_storage_pk', ['host_id', 'username', 'namespace'])
    .execute();

  // KiB each account may keep in PEP and in private storage. An avatar is tens of KiB, OMEMO
  // bundles a few; 1 MiB leaves room for several devices and a large avatar.
  await db.schema
    .alterTable('billing_plans')
    .addColumn('pep_storage_kb', 'integer', (c) => c.notNull().defaultTo(1024))
    .execute();
  await sql`update billing_plans set pep_storage_kb = 4096 where code in ('business', 'payg')`.execute(db);
  await db.schema
    .alterTable('host_entitlements')
    .addColumn('pep_storage_kb', 'integer', (c) => c.notNull().defaultTo(1024))
    .execute();
  await sql`
    update host_entitlements set pep_storage_kb = (
      select p.pep_storage_kb from billing_subscriptions s join billing_plans p on p.id = s.plan_id
      where s.host_id = host_entitlements.host_id and s.ended_at is null
    )
    where exists (select 1 from billing_subscriptions s where s.host_id = host_entitlements.host_id and s.ended_at is null)
  `.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('host_entitlements').dropColumn('pep_storage_kb').execute();
  await db.schema.alterTable('billing_plans').dropColumn('pep_storage_kb').execute();
  await db.schema.dropTable('xmpp_private_storage').execute();
  await db.schema.dropTable('xmpp_caps').execute();
  await db.schema.dropTable('xmpp_pep_subscriptions').execute();
  await db.schema.dropTable('xmpp_pep_items').execute();
  await db.schema.dropTable('xmpp_pep_nodes').execute();
}
