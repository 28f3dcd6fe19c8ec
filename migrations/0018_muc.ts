import { sql, type Kysely } from 'kysely';

// XEP-0045 group chat at conference.<domain>. A room row exists while the room does: a persistent
// room until its owner destroys it, a temporary one while it has occupants (the server deletes
// temporary rooms left over from a restart). Affiliations and the room's archive go with the room.
// Plans limit how many rooms a host keeps and how many people one room holds.
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('xmpp_muc_rooms')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('host_id', 'text', (c) => c.notNull().references('hosts.id').onDelete('cascade'))
    // The local part of the room's address, room@conference.<domain>.
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('config', 'text', (c) => c.notNull()) // JSON: the muc#roomconfig values
    .addColumn('subject', 'text', (c) => c.notNull())
    .addColumn('subject_by', 'text', (c) => c.notNull())
    .addColumn('is_persistent', 'integer', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('last_activity_at', 'text', (c) => c.notNull())
    .addUniqueConstraint('xmpp_muc_rooms_address', ['host_id', 'name'])
    .execute();

  await db.schema
    .createTable('xmpp_muc_affiliations')
    .addColumn('room_id', 'text', (c) => c.notNull().references('xmpp_muc_rooms.id').onDelete('cascade'))
    .addColumn('jid', 'text', (c) => c.notNull()) // bare JID
    .addColumn('affiliation', 'text', (c) => c.notNull()) // owner | admin | member | outcast
    .addColumn('nick', 'text') // registered nickname (§7.10)
    .addColumn('reason', 'text')
    .addPrimaryKeyConstraint('xmpp_muc_affiliations_pk', ['room_id', 'jid'])
    .execute();

  // The room's XEP-0313 archive, read and purged in (created_at, id) order within the room.
  await db.schema
    .createTable('xmpp_muc_messages')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('room_id', 'text', (c) => c.notNull().references('xmpp_muc_rooms.id').onDelete('cascade'))
    .addColumn('nick', 'text', (c) => c.notNull())
    .addColumn('sender_jid', 'text', (c) => c.notNull()) // real bare JID, for moderators' `with`
    .addColumn('stanza', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('xmpp_muc_messages_room_order')
    .on('xmpp_muc_messages')
    .columns(['room_id', 'created_at', 'id'])
    .execute();

  for (const table of ['billing_plans', 'host_entitlements']) {
    await db.schema
      .alterTable(table)
      .addColumn('max_rooms', 'integer', (c) => c.notNull().defaultTo(10))
      .execute();
    await db.schema
      .alterTable(table)
      .addColumn('max_room_occupants', 'integer', (c) => c.notNull().defaultTo(50))
      .execute();
  }
  // The seeded plans grow with their member counts.
  for (const [code, rooms, occupants] of [
    ['starter', 10, 20],
    ['team', 100, 200],
    ['business', 1000, 1000],
    ['payg', 500, 500],
  ] as const)
    await sql`update billing_plans set max_rooms = ${rooms}, max_room_occupants = ${occupants}
              where code = ${code}`.execute(db);
  await sql`
    update host_entitlements set
      max_rooms = (select p.max_rooms from billing_subscriptions s join billing_plans p on p.id = s.plan_id
                   where s.host_id = host_entitlements.host_id and s.ended_at is null),
      max_room_occupants = (select p.max_room_occupants from billing_subscriptions s
                            join billing_plans p on p.id = s.plan_id
                            where s.host_id = host_entitlements.host_id and s.ended_at is null)
    where exists (select 1 from billing_subscriptions s
                  where s.host_id = host_entitlements.host_id and s.ended_at is null)`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const table of ['host_entitlements', 'billing_plans']) {
    await db.schema.alterTable(table).dropColumn('max_room_occupants').execute();
    await db.schema.alterTable(table).dropColumn('max_rooms').execute();
  }
  await db.schema.dropTable('xmpp_muc_messages').execute();
  await db.schema.dropTable('xmpp_muc_affiliations').execute();
  await db.schema.dropTable('xmpp_muc_rooms').execute();
}
