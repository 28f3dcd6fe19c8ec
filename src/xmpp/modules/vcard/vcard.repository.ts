import { compiledOnce, type Db } from '../../../platform/db/index.js';

// Read at every login (the avatar hash in initial presence, XEP-0153): compiled once, and without
// the vCard itself, which can hold a photo of many kilobytes.
const photoHashQuery = compiledOnce<{ hostId: string; username: string }, { photo_hash: string | null }>(
  (db, slot) =>
    db
      .selectFrom('xmpp_vcards')
      .select('photo_hash')
      .where('host_id', '=', slot('hostId'))
      .where('username', '=', slot('username')),
);

export function createVcardRepository(db: Db) {
  return {
    /** The stored avatar's hash; null without a photo, undefined without a vCard. */
    async photoHash(hostId: string, username: string): Promise<string | null | undefined> {
      return (await photoHashQuery(db, { hostId, username }))[0]?.photo_hash;
    },

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
