import type { Db } from '../../../platform/db/index.js';

export function createBlockingRepository(db: Db) {
  return {
    async list(hostId: string, username: string): Promise<string[]> {
      const rows = await db
        .selectFrom('xmpp_blocked_jids')
        .select('blocked_jid')
        .where('host_id', '=', hostId)
        .where('username', '=', username)
        .orderBy('blocked_jid')
        .execute();
      return rows.map((r) => r.blocked_jid);
    },
    async add(hostId: string, username: string, jids: string[], createdAt: string): Promise<void> {
      await db
        .insertInto('xmpp_blocked_jids')
        .values(
          jids.map((blocked_jid) => ({ host_id: hostId, username, blocked_jid, created_at: createdAt })),
        )
        .onConflict((oc) => oc.columns(['host_id', 'username', 'blocked_jid']).doNothing())
        .execute();
    },
    async remove(hostId: string, username: string, jids: string[] | 'all'): Promise<void> {
      let query = db
        .deleteFrom('xmpp_blocked_jids')
        .where('host_id', '=', hostId)
        .where('username', '=', username);
      if (jids !== 'all') query = query.where('blocked_jid', 'in', jids);
      await query.execute();
    },
  };
}
