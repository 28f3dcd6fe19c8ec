import { sql, type Kysely } from 'kysely';

// XEP-0313 archives keep one row per message instead of one per archive that keeps it: a chat
// between two local users was written twice, and those writes were most of the cost of a message.
// A row belongs to the recipient's archive when its `to_` owner columns are set and to the sender's
// when its `from_` ones are; each pair points at a member and is set to null when the member goes, so
// the other party keeps the message. Rows in nobody's archive are deleted by the purge job, found by
// a partial index that only they are in.
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('xmpp_archive_messages')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('to_host_id', 'text')
    .addColumn('to_username', 'text')
    .addColumn('from_host_id', 'text')
    .addColumn('from_username', 'text')
    .addColumn('from_bare', 'text', (c) => c.notNull())
    .addColumn('from_full', 'text', (c) => c.notNull())
    .addColumn('to_bare', 'text', (c) => c.notNull())
    .addColumn('to_full', 'text', (c) => c.notNull())
    .addColumn('stanza', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addForeignKeyConstraint(
      'xmpp_archive_messages_recipient',
      ['to_host_id', 'to_username'],
      'members',
      ['host_id', 'username'],
      (fk) => fk.onDelete('set null'),
    )
    .addForeignKeyConstraint(
      'xmpp_archive_messages_sender',
      ['from_host_id', 'from_username'],
      'members',
      ['host_id', 'username'],
      (fk) => fk.onDelete('set null'),
    )
    .execute();
  // Each archive is read, paged and purged in (created_at, id) order within its owner.
  await db.schema
    .createIndex('xmpp_archive_messages_recipient_archive')
    .on('xmpp_archive_messages')
    .columns(['to_host_id', 'to_username', 'created_at', 'id'])
    .execute();
  await db.schema
    .createIndex('xmpp_archive_messages_sender_archive')
    .on('xmpp_archive_messages')
    .columns(['from_host_id', 'from_username', 'created_at', 'id'])
    .execute();
  await db.schema
    .createIndex('xmpp_archive_messages_unowned')
    .on('xmpp_archive_messages')
    .column('created_at')
    .where(sql.ref('to_host_id'), 'is', null)
    .where(sql.ref('from_host_id'), 'is', null)
    .execute();

  // Each old row becomes a row in one archive; the owner's own JID is only known bare.
  await sql`
    insert into xmpp_archive_messages
      (id, to_host_id, to_username, from_host_id, from_username,
       from_bare, from_full, to_bare, to_full, stanza, created_at)
    select a.id,
           case when a.direction = 'in' then a.host_id end,
           case when a.direction = 'in' then a.username end,
           case when a.direction = 'out' then a.host_id end,
           case when a.direction = 'out' then a.username end,
           case when a.direction = 'in' then a.peer_bare else a.username || '@' || h.domain end,
           case when a.direction = 'in' then a.peer_full else a.username || '@' || h.domain end,
           case when a.direction = 'out' then a.peer_bare else a.username || '@' || h.domain end,
           case when a.direction = 'out' then a.peer_full else a.username || '@' || h.domain end,
           a.stanza, a.created_at
    from xmpp_archive a join hosts h on h.id = a.host_id`.execute(db);
  await db.schema.dropTable('xmpp_archive').execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('xmpp_archive')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('host_id', 'text', (c) => c.notNull())
    .addColumn('username', 'text', (c) => c.notNull())
    .addColumn('peer_bare', 'text', (c) => c.notNull())
    .addColumn('peer_full', 'text', (c) => c.notNull())
    .addColumn('direction', 'text', (c) => c.notNull())
    .addColumn('stanza', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addForeignKeyConstraint(
      'xmpp_archive_member',
      ['host_id', 'username'],
      'members',
      ['host_id', 'username'],
      (fk) => fk.onDelete('cascade'),
    )
    .execute();
  await db.schema
    .createIndex('xmpp_archive_owner')
    .on('xmpp_archive')
    .columns(['host_id', 'username', 'created_at', 'id'])
    .execute();
  await db.schema
    .createIndex('xmpp_archive_age')
    .on('xmpp_archive')
    .columns(['host_id', 'created_at'])
    .execute();
  // A message in both archives gets a second row; its id only has to be unique.
  await sql`
    insert into xmpp_archive (id, host_id, username, peer_bare, peer_full, direction, stanza, created_at)
    select id, to_host_id, to_username, from_bare, from_full, 'in', stanza, created_at
    from xmpp_archive_messages where to_host_id is not null`.execute(db);
  await sql`
    insert into xmpp_archive (id, host_id, username, peer_bare, peer_full, direction, stanza, created_at)
    select case when to_host_id is null then id else id || '-out' end,
           from_host_id, from_username, to_bare, to_full, 'out', stanza, created_at
    from xmpp_archive_messages where from_host_id is not null`.execute(db);
  await db.schema.dropTable('xmpp_archive_messages').execute();
}
