import { compiledOnce, type Db } from '../../../platform/db/index.js';

export interface StoredMessage {
  id: string;
  stanza: string;
  created_at: string;
}

// Asked at every login: compiled once.
const anyStoredFor = compiledOnce<{ hostId: string; username: string }, { id: string }>((db, slot) =>
  db
    .selectFrom('xmpp_offline_messages')
    .select('id')
    .where('host_id', '=', slot('hostId'))
    .where('username', '=', slot('username'))
    .limit(1),
);

const storedFor = compiledOnce<{ hostId: string; username: string }, StoredMessage>((db, slot) =>
  db
    .selectFrom('xmpp_offline_messages')
    .select(['id', 'stanza', 'created_at'])
    .where('host_id', '=', slot('hostId'))
    .where('username', '=', slot('username'))
    .orderBy('id'),
);

export function createOfflineRepository(db: Db) {
  return {
    async count(hostId: string, username: string): Promise<number> {
      const row = await db
        .selectFrom('xmpp_offline_messages')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .where('host_id', '=', hostId)
        .where('username', '=', username)
        .executeTakeFirst();
      return Number(row?.n ?? 0);
    },

    async insert(row: StoredMessage & { host_id: string; username: string }): Promise<void> {
      await db.insertInto('xmpp_offline_messages').values(row).execute();
    },

    /** Takes the user's messages out, oldest first; each is handed out once even with two logins at once. */
    async take(hostId: string, username: string): Promise<StoredMessage[]> {
      // Most logins find nothing: that answer needs no transaction. A message stored just after
      // this read is no worse off than one stored just after the transaction below: it waits for
      // the next available presence.
      if ((await anyStoredFor(db, { hostId, username })).length === 0) return [];
      return db.transaction().execute(async (tx) => {
        const rows = await storedFor(tx, { hostId, username });
        if (rows.length === 0) return rows;
        const deleted = await tx
          .deleteFrom('xmpp_offline_messages')
          .where('host_id', '=', hostId)
          .where(
            'id',
            'in',
            rows.map((r) => r.id),
          )
          .returning('id')
          .execute();
        const taken = new Set(deleted.map((r) => r.id));
        return rows.filter((r) => taken.has(r.id));
      });
    },
  };
}
