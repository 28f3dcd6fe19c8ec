import type { Db } from '../../../platform/db/index.js';

/** XEP-0049 private XML: one element per account and namespace. */
export function createPrivateRepository(db: Db) {
  return {
    async find(hostId: string, username: string, namespace: string): Promise<string | undefined> {
      const row = await db
        .selectFrom('xmpp_private_storage')
        .select('element')
        .where('host_id', '=', hostId)
        .where('username', '=', username)
        .where('namespace', '=', namespace)
        .executeTakeFirst();
      return row?.element;
    },

    /** Bytes the account keeps, leaving out the namespace about to be replaced. */
    async storedBytes(hostId: string, username: string, except: string): Promise<number> {
      const row = await db
        .selectFrom('xmpp_private_storage')
        .select((eb) => eb.fn.sum<string | number | null>('bytes').as('total'))
        .where('host_id', '=', hostId)
        .where('username', '=', username)
        .where('namespace', '<>', except)
        .executeTakeFirst();
      return Number(row?.total ?? 0);
    },

    async removeAccount(hostId: string, username: string): Promise<void> {
      await db
        .deleteFrom('xmpp_private_storage')
        .where('host_id', '=', hostId)
        .where('username', '=', username)
        .execute();
    },

    async save(
      hostId: string,
      username: string,
      namespace: string,
      element: string,
      at: string,
    ): Promise<void> {
      const columns = { element, bytes: Buffer.byteLength(element), updated_at: at };
      await db
        .insertInto('xmpp_private_storage')
        .values({ host_id: hostId, username, namespace, ...columns })
        .onConflict((oc) => oc.columns(['host_id', 'username', 'namespace']).doUpdateSet(columns))
        .execute();
    },
  };
}
