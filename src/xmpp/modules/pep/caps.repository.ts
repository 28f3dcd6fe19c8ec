import type { Db } from '../../../platform/db/index.js';

/** XEP-0115 feature lists by verification string, shared by every host (a hash names one list). */
export function createCapsRepository(db: Db) {
  return {
    async find(ver: string): Promise<string[] | undefined> {
      const row = await db
        .selectFrom('xmpp_caps')
        .select('features')
        .where('ver', '=', ver)
        .executeTakeFirst();
      return row && (JSON.parse(row.features) as string[]);
    },
    async save(ver: string, features: readonly string[], at: string): Promise<void> {
      await db
        .insertInto('xmpp_caps')
        .values({ ver, features: JSON.stringify(features), created_at: at })
        .onConflict((oc) => oc.column('ver').doNothing())
        .execute();
    },
  };
}

export type CapsRepository = ReturnType<typeof createCapsRepository>;
