import type { Db } from '../../../platform/db/index.js';

export function createVcardRepository(db: Db) {
  return {
    find(hostId: string, username: string) {
      return db
        .selectFrom('xmpp_vcards')
        .select(['vcard', 'photo_hash'])
        .where('host_id', '=', hostId)
        .where('username', '=', username)
        .executeTakeFirst();
    },
    async save(
      hostId: string,
      username: string,
      vcard: string,
      photoHash: string | null,
      updatedAt: string,
    ): Promise<void> {
      await db
        .insertInto('xmpp_vcards')
        .values({ host_id: hostId, username, vcard, photo_hash: photoHash, updated_at: updatedAt })
        .onConflict((oc) =>
          oc
            .columns(['host_id', 'username'])
            .doUpdateSet({ vcard, photo_hash: photoHash, updated_at: updatedAt }),
        )
        .execute();
    },
  };
}
