import { compiledOnce, type Db } from '../../../platform/db/index.js';

// Written at every logout: compiled once.
const recordQuery = compiledOnce<
  { hostId: string; username: string; loggedOutAt: string; status: string },
  unknown
>((db, slot) =>
  db
    .insertInto('xmpp_last_activity')
    .values({
      host_id: slot('hostId'),
      username: slot('username'),
      logged_out_at: slot('loggedOutAt'),
      status: slot('status'),
    })
    .onConflict((oc) =>
      oc
        .columns(['host_id', 'username'])
        .doUpdateSet({ logged_out_at: slot('loggedOutAt'), status: slot('status') }),
    ),
);

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
      await recordQuery(db, { hostId, username, loggedOutAt, status });
    },
  };
}
