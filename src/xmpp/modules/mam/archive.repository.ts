import type { Expression, ExpressionBuilder, SqlBool } from 'kysely';
import { insertRows, type Database, type Db, type XmppArchiveTable } from '../../../platform/db/index.js';
import type { ArchivePrefs } from './mam-codec.js';

export type ArchivedMessage = XmppArchiveTable;

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
  peer?: { column: 'peer_bare' | 'peer_full'; jid: string } | undefined;
  start?: string | undefined;
  end?: string | undefined;
  after?: Position | undefined;
  before?: Position | undefined;
}

type Eb = ExpressionBuilder<Database, 'xmpp_archive'>;

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

function matching(eb: Eb, f: ArchiveFilter): Expression<SqlBool> {
  const conditions: Expression<SqlBool>[] = [eb('host_id', '=', f.hostId), eb('username', '=', f.username)];
  if (f.expiredAt !== undefined) conditions.push(eb('created_at', '>', f.expiredAt));
  if (f.peer) conditions.push(eb(f.peer.column, '=', f.peer.jid));
  if (f.start !== undefined) conditions.push(eb('created_at', '>=', f.start));
  if (f.end !== undefined) conditions.push(eb('created_at', '<=', f.end));
  if (f.after) conditions.push(isAfter(eb, f.after));
  if (f.before) conditions.push(isBefore(eb, f.before));
  return eb.and(conditions);
}

function jidList(json: string): string[] {
  const parsed: unknown = JSON.parse(json);
  return Array.isArray(parsed) ? parsed.filter((j): j is string => typeof j === 'string') : [];
}

export function createArchiveRepository(db: Db) {
  return {
    async insert(rows: ArchivedMessage[]): Promise<void> {
      // On the message path: compiled straight to SQL (insertRows), not through the query builder.
      await insertRows(db, 'xmpp_archive', rows);
    },

    /** The position of one of the user's items that has not expired. */
    async findPosition(
      owner: Pick<ArchiveFilter, 'hostId' | 'username' | 'expiredAt'>,
      id: string,
    ): Promise<Position | undefined> {
      return db
        .selectFrom('xmpp_archive')
        .select(['created_at', 'id'])
        .where((eb) => matching(eb, owner))
        .where('id', '=', id)
        .executeTakeFirst();
    },

    /** Up to `limit` items in archive order: the first ones, or with `fromEnd` the last ones. */
    async page(filter: ArchiveFilter, limit: number, fromEnd: boolean): Promise<ArchivedMessage[]> {
      const order = fromEnd ? 'desc' : 'asc';
      const rows = await db
        .selectFrom('xmpp_archive')
        .selectAll()
        .where((eb) => matching(eb, filter))
        .orderBy('created_at', order)
        .orderBy('id', order)
        .limit(limit)
        .execute();
      return fromEnd ? rows.reverse() : rows;
    },

    async count(filter: ArchiveFilter): Promise<number> {
      const row = await db
        .selectFrom('xmpp_archive')
        .select((eb) => eb.fn.countAll<string | number>().as('n'))
        .where((eb) => matching(eb, filter))
        .executeTakeFirstOrThrow();
      return Number(row.n);
    },

    /** Deletes up to `limit` of a host's items created at or before `expiredAt`; returns how many. */
    async purgeExpired(hostId: string, expiredAt: string, limit: number): Promise<number> {
      const result = await db
        .deleteFrom('xmpp_archive')
        .where(
          'id',
          'in',
          db
            .selectFrom('xmpp_archive')
            .select('id')
            .where('host_id', '=', hostId)
            .where('created_at', '<=', expiredAt)
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
