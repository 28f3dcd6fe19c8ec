import type { Expression, ExpressionBuilder, SqlBool } from 'kysely';
import {
  insertRows,
  type Database,
  type Db,
  type XmppArchiveMessagesTable,
} from '../../../platform/db/index.js';
import type { RowBatch } from './packed-rows.js';
import type { ArchivePrefs } from '../../core/index.js';

/** A message as stored: in its recipient's archive, its sender's, or both. */
export type StoredMessage = XmppArchiveMessagesTable;

/** A message as one owner's archive shows it. */
export type ArchivedMessage = Pick<StoredMessage, 'id' | 'stanza' | 'created_at'>;

/** Where an item sits in an archive. */
export interface Position {
  created_at: string;
  id: string;
}

/** Archive order: by creation time, then id. */
export function comparePositions(a: Position, b: Position): number {
  if (a.created_at !== b.created_at) return a.created_at < b.created_at ? -1 : 1;
  return a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
}

/** One user's archive, narrowed. Every query names the owner, so none can read across users. */
export interface ArchiveFilter {
  hostId: string;
  username: string;
  /** Rows created at or before this are past retention and never returned. */
  expiredAt?: string | undefined;
  /** The other party, by bare or by full JID. */
  peer?: { isFull: boolean; jid: string } | undefined;
  start?: string | undefined;
  end?: string | undefined;
  after?: Position | undefined;
  before?: Position | undefined;
  /** Only these items. */
  ids?: string[] | undefined;
}

/**
 * A user's archive is the messages they received (`to` side) and those they sent (`from` side); each
 * side has its owner columns, its own index, and the other party's JIDs.
 */
export type ArchiveSide = 'to' | 'from';
export const ARCHIVE_SIDES: readonly ArchiveSide[] = ['to', 'from'];
const SIDE_COLUMNS = {
  to: { host: 'to_host_id', user: 'to_username', peerBare: 'from_bare', peerFull: 'from_full' },
  from: { host: 'from_host_id', user: 'from_username', peerBare: 'to_bare', peerFull: 'to_full' },
} as const;

type Eb = ExpressionBuilder<Database, 'xmpp_archive_messages'>;

function isAfter(eb: Eb, p: Position): Expression<SqlBool> {
  return eb.or([
    eb('created_at', '>', p.created_at),
    eb.and([eb('created_at', '=', p.created_at), eb('id', '>', p.id)]),
  ]);
}

function isBefore(eb: Eb, p: Position): Expression<SqlBool> {
  return eb.or([
    eb('created_at', '<', p.created_at),
    eb.and([eb('created_at', '=', p.created_at), eb('id', '<', p.id)]),
  ]);
}

function matching(eb: Eb, side: ArchiveSide, f: ArchiveFilter): Expression<SqlBool> {
  const columns = SIDE_COLUMNS[side];
  const conditions: Expression<SqlBool>[] = [
    eb(columns.host, '=', f.hostId),
    eb(columns.user, '=', f.username),
  ];
  if (f.expiredAt !== undefined) conditions.push(eb('created_at', '>', f.expiredAt));
  if (f.peer) conditions.push(eb(f.peer.isFull ? columns.peerFull : columns.peerBare, '=', f.peer.jid));
  if (f.start !== undefined) conditions.push(eb('created_at', '>=', f.start));
  if (f.end !== undefined) conditions.push(eb('created_at', '<=', f.end));
  if (f.after) conditions.push(isAfter(eb, f.after));
  if (f.before) conditions.push(isBefore(eb, f.before));
  if (f.ids) conditions.push(eb('id', 'in', f.ids));
  return eb.and(conditions);
}

function jidList(json: string): string[] {
  const parsed: unknown = JSON.parse(json);
  return Array.isArray(parsed) ? parsed.filter((j): j is string => typeof j === 'string') : [];
}

export function createArchiveRepository(db: Db) {
  return {
    /**
     * Writes all the rows or none, in one transaction of `chunkRows` rows per statement. `between`
     * runs after each statement but the last, inside the transaction: the writer lets the event loop
     * turn there, so a long batch never holds up delivery for more than one statement.
     */
    async insert(
      rows: RowBatch,
      chunking?: { chunkRows: number; between: () => Promise<void> },
    ): Promise<void> {
      const size = chunking?.chunkRows ?? rows.length;
      // On the message path: compiled straight to SQL (insertRows), not through the query builder.
      await db.transaction().execute(async (tx) => {
        for (let start = 0; start < rows.length; start += size) {
          if (start > 0) await chunking?.between();
          await insertRows(tx, 'xmpp_archive_messages', rows.slice(start, start + size));
        }
      });
    },

    /** The position of one of the user's items that has not expired. */
    async findPosition(
      owner: Pick<ArchiveFilter, 'hostId' | 'username' | 'expiredAt'>,
      id: string,
    ): Promise<Position | undefined> {
      return db
        .selectFrom('xmpp_archive_messages')
        .select(['created_at', 'id'])
        .where('id', '=', id)
        .where((eb) => eb.or(ARCHIVE_SIDES.map((side) => matching(eb, side, owner))))
        .executeTakeFirst();
    },

    /**
     * Up to `limit` items in archive order: the first ones, or with `fromEnd` the last ones; `skip`
     * passes over that many first (paging by index).
     */
    async page(filter: ArchiveFilter, limit: number, fromEnd: boolean, skip = 0): Promise<ArchivedMessage[]> {
      const order = fromEnd ? 'desc' : 'asc';
      // Each side's first `limit` from its own index, then the first `limit` of both: neither
      // database has to sort more than twice the page, however long the archive.
      const side = (name: ArchiveSide) =>
        db
          .selectFrom((sub) =>
            sub
              .selectFrom('xmpp_archive_messages')
              .select(['id', 'stanza', 'created_at'])
              .where((eb) => matching(eb, name, filter))
              .orderBy('created_at', order)
              .orderBy('id', order)
              .limit(skip + limit)
              .as(name === 'to' ? 'received' : 'sent'),
          )
          .selectAll();
      const rows = await side('to')
        .unionAll(side('from'))
        .orderBy('created_at', order)
        .orderBy('id', order)
        .limit(limit)
        .offset(skip)
        .execute();
      return fromEnd ? rows.reverse() : rows;
    },

    async count(filter: ArchiveFilter): Promise<number> {
      let total = 0;
      for (const side of ARCHIVE_SIDES) {
        const row = await db
          .selectFrom('xmpp_archive_messages')
          .select((eb) => eb.fn.countAll<string | number>().as('n'))
          .where((eb) => matching(eb, side, filter))
          .executeTakeFirstOrThrow();
        total += Number(row.n);
      }
      return total;
    },

    /** The first owner after `after` (by name) with copies on this side of a host's archives. */
    async nextOwner(
      side: ArchiveSide,
      hostId: string,
      after: string | undefined,
    ): Promise<string | undefined> {
      // One index seek per owner rather than a DISTINCT over every row of the host.
      const { host, user } = SIDE_COLUMNS[side];
      let query = db
        .selectFrom('xmpp_archive_messages')
        .select(user)
        .where(host, '=', hostId)
        .where(user, 'is not', null);
      if (after !== undefined) query = query.where(user, '>', after);
      const row = await query.orderBy(user).limit(1).executeTakeFirst();
      return row?.[user] ?? undefined;
    },

    /**
     * Takes up to `limit` of one owner's copies on one side, created at or before `expiredAt`, out of
     * their archive; returns how many. A row nobody keeps any more is deleted by `deleteUnowned`.
     */
    async expire(
      side: ArchiveSide,
      hostId: string,
      username: string,
      expiredAt: string,
      limit: number,
    ): Promise<number> {
      const { host, user } = SIDE_COLUMNS[side];
      const result = await db
        .updateTable('xmpp_archive_messages')
        .set({ [host]: null, [user]: null })
        .where(
          'id',
          'in',
          db
            .selectFrom('xmpp_archive_messages')
            .select('id')
            .where(host, '=', hostId)
            .where(user, '=', username)
            .where('created_at', '<=', expiredAt)
            .limit(limit),
        )
        .executeTakeFirst();
      return Number(result.numUpdatedRows);
    },

    /** Deletes up to `limit` messages that are in nobody's archive; returns how many. */
    async deleteUnowned(limit: number): Promise<number> {
      const result = await db
        .deleteFrom('xmpp_archive_messages')
        .where(
          'id',
          'in',
          db
            .selectFrom('xmpp_archive_messages')
            .select('id')
            .where('to_host_id', 'is', null)
            .where('from_host_id', 'is', null)
            .limit(limit),
        )
        .executeTakeFirst();
      return Number(result.numDeletedRows);
    },

    async prefs(hostId: string, username: string): Promise<ArchivePrefs | undefined> {
      const row = await db
        .selectFrom('xmpp_archive_prefs')
        .select(['default_mode', 'always_jids', 'never_jids'])
        .where('host_id', '=', hostId)
        .where('username', '=', username)
        .executeTakeFirst();
      return (
        row && { default: row.default_mode, always: jidList(row.always_jids), never: jidList(row.never_jids) }
      );
    },

    async savePrefs(hostId: string, username: string, prefs: ArchivePrefs, now: string): Promise<void> {
      const columns = {
        default_mode: prefs.default,
        always_jids: JSON.stringify(prefs.always),
        never_jids: JSON.stringify(prefs.never),
        updated_at: now,
      };
      await db
        .insertInto('xmpp_archive_prefs')
        .values({ host_id: hostId, username, ...columns })
        .onConflict((oc) => oc.columns(['host_id', 'username']).doUpdateSet(columns))
        .execute();
    },
  };
}

export type ArchiveRepository = ReturnType<typeof createArchiveRepository>;
