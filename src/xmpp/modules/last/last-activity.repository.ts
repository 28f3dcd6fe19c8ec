import type { Db } from '../../../platform/db/index.js';

export function createLastActivityRepository(db: Db) {
  return {
    find(hostId: string, username: string) {
      return db
        .selectFrom('xmpp_last_activity')
        .select(['logged_out_at', 'status'])
        .where('host_id', '=', hostId)
        .where('username', '=', username)
        .executeTakeFirst();
    },
    async record(hostId: string, username: string, loggedOutAt: string, status: string): Promise<void> {
      await db
        .insertInto('xmpp_last_activity')
        .values({ host_id: hostId, username, logged_out_at: loggedOutAt, status })
        .onConflict((oc) =>
          oc.columns(['host_id', 'username']).doUpdateSet({ logged_out_at: loggedOutAt, status }),
        )
        .execute();
    },
  };
}
