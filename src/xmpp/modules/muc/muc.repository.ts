import type { Expression, ExpressionBuilder, SqlBool } from 'kysely';
import type { Database, Db, XmppMucMessagesTable, XmppMucRoomsTable } from '../../../platform/db/index.js';

export type StoredRoom = XmppMucRoomsTable;
export type StoredRoomMessage = XmppMucMessagesTable;

export interface StoredAffiliation {
  jid: string;
  affiliation: 'owner' | 'admin' | 'member' | 'outcast';
  nick: string | null;
  reason: string | null;
}

/** Where a message sits in a room's archive: (created_at, id) order. */
export interface RoomPosition {
  created_at: string;
  id: string;
}

/** A room's archive, narrowed; every query names the host and the room. */
export interface RoomArchiveFilter {
  hostId: string;
  roomId: string;
  expiredAt?: string | undefined;
  nick?: string | undefined;
  start?: string | undefined;
  end?: string | undefined;
  after?: RoomPosition | undefined;
  before?: RoomPosition | undefined;
}

type Eb = ExpressionBuilder<Database, 'xmpp_muc_messages'>;

function matching(eb: Eb, db: Db, f: RoomArchiveFilter): Expression<SqlBool> {
  const conditions: Expression<SqlBool>[] = [
    eb('room_id', '=', f.roomId),
    // The room must be the host's: a room id of another host finds nothing.
    eb('room_id', 'in', db.selectFrom('xmpp_muc_rooms').select('id').where('host_id', '=', f.hostId)),
  ];
  if (f.expiredAt !== undefined) conditions.push(eb('created_at', '>', f.expiredAt));
  if (f.nick !== undefined) conditions.push(eb('nick', '=', f.nick));
  if (f.start !== undefined) conditions.push(eb('created_at', '>=', f.start));
  if (f.end !== undefined) conditions.push(eb('created_at', '<=', f.end));
  const { after, before } = f;
  if (after)
    conditions.push(
      eb.or([
        eb('created_at', '>', after.created_at),
        eb.and([eb('created_at', '=', after.created_at), eb('id', '>', after.id)]),
      ]),
    );
  if (before)
    conditions.push(
      eb.or([
        eb('created_at', '<', before.created_at),
        eb.and([eb('created_at', '=', before.created_at), eb('id', '<', before.id)]),
      ]),
    );
  return eb.and(conditions);
}

export function createMucRepository(db: Db) {
  return {
    async findRoom(hostId: string, name: string): Promise<StoredRoom | undefined> {
      return db
        .selectFrom('xmpp_muc_rooms')
        .selectAll()
        .where('host_id', '=', hostId)
        .where('name', '=', name)
        .executeTakeFirst();
    },

    async listRooms(hostId: string): Promise<StoredRoom[]> {
      return db
        .selectFrom('xmpp_muc_rooms')
        .selectAll()
        .where('host_id', '=', hostId)
        .orderBy('name')
        .execute();
    },

    async countRooms(hostId: string): Promise<number> {
      const row = await db
        .selectFrom('xmpp_muc_rooms')
        .select((eb) => eb.fn.countAll<string | number>().as('n'))
        .where('host_id', '=', hostId)
        .executeTakeFirstOrThrow();
      return Number(row.n);
    },

    /** False when the host already has a room of that name. */
    async insertRoom(room: StoredRoom): Promise<void> {
      await db.insertInto('xmpp_muc_rooms').values(room).execute();
    },

    async updateRoom(
      hostId: string,
      id: string,
      changes: Partial<
        Pick<StoredRoom, 'config' | 'subject' | 'subject_by' | 'is_persistent' | 'last_activity_at'>
      >,
    ): Promise<void> {
      await db
        .updateTable('xmpp_muc_rooms')
        .set(changes)
        .where('host_id', '=', hostId)
        .where('id', '=', id)
        .execute();
    },

    async deleteRoom(hostId: string, id: string): Promise<boolean> {
      const result = await db
        .deleteFrom('xmpp_muc_rooms')
        .where('host_id', '=', hostId)
        .where('id', '=', id)
        .executeTakeFirst();
      return Number(result.numDeletedRows) > 0;
    },

    /** Temporary rooms left over from before a restart have nobody in them. */
    async deleteTemporaryRooms(): Promise<number> {
      const result = await db.deleteFrom('xmpp_muc_rooms').where('is_persistent', '=', 0).executeTakeFirst();
      return Number(result.numDeletedRows);
    },

    async affiliations(hostId: string, roomId: string): Promise<StoredAffiliation[]> {
      return db
        .selectFrom('xmpp_muc_affiliations')
        .select(['jid', 'affiliation', 'nick', 'reason'])
        .where('room_id', 'in', db.selectFrom('xmpp_muc_rooms').select('id').where('host_id', '=', hostId))
        .where('room_id', '=', roomId)
        .execute();
    },

    async setAffiliation(roomId: string, affiliation: StoredAffiliation): Promise<void> {
      const { jid, ...rest } = affiliation;
      await db
        .insertInto('xmpp_muc_affiliations')
        .values({ room_id: roomId, jid, ...rest })
        .onConflict((oc) => oc.columns(['room_id', 'jid']).doUpdateSet(rest))
        .execute();
    },

    async removeAffiliation(roomId: string, jid: string): Promise<void> {
      await db
        .deleteFrom('xmpp_muc_affiliations')
        .where('room_id', '=', roomId)
        .where('jid', '=', jid)
        .execute();
    },

    async insertMessages(rows: StoredRoomMessage[]): Promise<void> {
      if (rows.length > 0) await db.insertInto('xmpp_muc_messages').values(rows).execute();
    },

    async findPosition(filter: RoomArchiveFilter, id: string): Promise<RoomPosition | undefined> {
      return db
        .selectFrom('xmpp_muc_messages')
        .select(['created_at', 'id'])
        .where('id', '=', id)
        .where((eb) => matching(eb, db, filter))
        .executeTakeFirst();
    },

    /** Up to `limit` messages in archive order: the first ones, or with `fromEnd` the last ones. */
    async page(filter: RoomArchiveFilter, limit: number, fromEnd: boolean): Promise<StoredRoomMessage[]> {
      const order = fromEnd ? 'desc' : 'asc';
      const rows = await db
        .selectFrom('xmpp_muc_messages')
        .selectAll()
        .where((eb) => matching(eb, db, filter))
        .orderBy('created_at', order)
        .orderBy('id', order)
        .limit(limit)
        .execute();
      return fromEnd ? rows.reverse() : rows;
    },

    async count(filter: RoomArchiveFilter): Promise<number> {
      const row = await db
        .selectFrom('xmpp_muc_messages')
        .select((eb) => eb.fn.countAll<string | number>().as('n'))
        .where((eb) => matching(eb, db, filter))
        .executeTakeFirstOrThrow();
      return Number(row.n);
    },

    /** Deletes up to `limit` messages of the host's rooms created at or before `expiredAt`. */
    async expire(hostId: string, expiredAt: string, limit: number): Promise<number> {
      const result = await db
        .deleteFrom('xmpp_muc_messages')
        .where(
          'id',
          'in',
          db
            .selectFrom('xmpp_muc_messages')
            .select('id')
            .where(
              'room_id',
              'in',
              db.selectFrom('xmpp_muc_rooms').select('id').where('host_id', '=', hostId),
            )
            .where('created_at', '<=', expiredAt)
            .limit(limit),
        )
        .executeTakeFirst();
      return Number(result.numDeletedRows);
    },
  };
}

export type MucRepository = ReturnType<typeof createMucRepository>;
