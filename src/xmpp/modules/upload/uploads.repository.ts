import type { Expression, ExpressionBuilder, SqlBool } from 'kysely';
import type { Database, Db, DbOrTx, XmppUploadsTable } from '../../../platform/db/index.js';

export type UploadRow = XmppUploadsTable;

/** Whether a row holds bytes at `now`: a stored file, an upload being written, or a slot still open. */
function holdsBytes(eb: ExpressionBuilder<Database, 'xmpp_uploads'>, now: string): Expression<SqlBool> {
  return eb.or([
    eb('completed_at', 'is not', null),
    eb('put_started_at', 'is not', null),
    eb('expires_at', '>', now),
  ]);
}

/** The bytes a host's quota counts at `now`. */
async function bytesHeld(db: DbOrTx, hostId: string, now: string): Promise<number> {
  const { used } = await db
    .selectFrom('xmpp_uploads')
    .select((eb) => eb.fn.coalesce(eb.fn.sum<number | string>('size'), eb.lit(0)).as('used'))
    .where('host_id', '=', hostId)
    .where((eb) => holdsBytes(eb, now))
    .executeTakeFirstOrThrow();
  return Number(used);
}

export function createUploadsRepository(db: Db) {
  return {
    /**
     * Inserts the slot if the host's bytes plus its size stay within `quotaBytes` (null: no quota).
     * A host's bytes are its stored files and the slots still open or being written, so that
     * concurrent uploads cannot overrun the quota. Returns the bytes counted before the slot.
     */
    reserve(row: UploadRow, quotaBytes: number | null): Promise<{ isReserved: boolean; usedBytes: number }> {
      return db.transaction().execute(async (tx) => {
        // Taking this host's lock row serializes reservations of the same host (see the migration).
        await tx
          .insertInto('xmpp_upload_locks')
          .values({ host_id: row.host_id })
          .onConflict((oc) => oc.column('host_id').doUpdateSet({ host_id: row.host_id }))
          .execute();
        // Slots that expired without an upload hold nothing; forget them.
        await tx
          .deleteFrom('xmpp_uploads')
          .where('host_id', '=', row.host_id)
          .where((eb) => eb.not(holdsBytes(eb, row.created_at)))
          .execute();
        const usedBytes = await bytesHeld(tx, row.host_id, row.created_at);
        if (quotaBytes !== null && usedBytes + row.size > quotaBytes) return { isReserved: false, usedBytes };
        await tx.insertInto('xmpp_uploads').values(row).execute();
        return { isReserved: true, usedBytes };
      });
    },

    find(hostId: string, id: string): Promise<UploadRow | undefined> {
      return db
        .selectFrom('xmpp_uploads')
        .selectAll()
        .where('host_id', '=', hostId)
        .where('id', '=', id)
        .executeTakeFirst();
    },

    /** Claims an open slot for one PUT; false when it was used or claimed already, or has expired. */
    async claim(hostId: string, id: string, now: string): Promise<boolean> {
      const result = await db
        .updateTable('xmpp_uploads')
        .set({ put_started_at: now })
        .where('host_id', '=', hostId)
        .where('id', '=', id)
        .where('put_started_at', 'is', null)
        .where('expires_at', '>', now)
        .executeTakeFirst();
      return result.numUpdatedRows > 0n;
    },

    async complete(hostId: string, id: string, now: string): Promise<void> {
      await db
        .updateTable('xmpp_uploads')
        .set({ completed_at: now })
        .where('host_id', '=', hostId)
        .where('id', '=', id)
        .execute();
    },

    async remove(hostId: string, id: string): Promise<void> {
      await db.deleteFrom('xmpp_uploads').where('host_id', '=', hostId).where('id', '=', id).execute();
    },

    /** The slots of one member, so their files can be deleted with the rows. */
    async idsOfOwner(hostId: string, username: string): Promise<string[]> {
      const rows = await db
        .selectFrom('xmpp_uploads')
        .select('id')
        .where('host_id', '=', hostId)
        .where('username', '=', username)
        .execute();
      return rows.map((r) => r.id);
    },

    async removeOwner(hostId: string, username: string): Promise<void> {
      await db
        .deleteFrom('xmpp_uploads')
        .where('host_id', '=', hostId)
        .where('username', '=', username)
        .execute();
    },

    /** Every owner with uploads, for the start-up sweep of members deleted while the server was down. */
    owners(): Promise<{ host_id: string; username: string }[]> {
      return db.selectFrom('xmpp_uploads').select(['host_id', 'username']).distinct().execute();
    },

    /** Uploads a crash cut short (started, never completed); only for start-up, when none runs. */
    async removeUnfinished(): Promise<void> {
      await db
        .deleteFrom('xmpp_uploads')
        .where('put_started_at', 'is not', null)
        .where('completed_at', 'is', null)
        .execute();
    },

    /** Every slot id, for the start-up sweep of files whose rows are gone (their host was deleted). */
    async allIds(): Promise<Set<string>> {
      const rows = await db.selectFrom('xmpp_uploads').select('id').execute();
      return new Set(rows.map((r) => r.id));
    },

    /**
     * The bytes `reserve` counts against one host's quota at `now`: its stored files and the slots
     * still open or being written (an open slot past its expiry holds nothing).
     */
    storedBytes(hostId: string, now: string): Promise<number> {
      return bytesHeld(db, hostId, now);
    },

    /** Bytes of completed uploads per host id: what billing meters as storage. */
    async storedBytesByHost(): Promise<Map<string, number>> {
      const rows = await db
        .selectFrom('xmpp_uploads')
        .select(['host_id', (eb) => eb.fn.sum<number | string>('size').as('bytes')])
        .where('completed_at', 'is not', null)
        .groupBy('host_id')
        .execute();
      return new Map(rows.map((r) => [r.host_id, Number(r.bytes)]));
    },
  };
}

export type UploadsRepository = ReturnType<typeof createUploadsRepository>;
