import { compiledOnce, type DbOrTx, type XmppRosterItemsTable } from '../../../platform/db/index.js';

export type RosterRow = XmppRosterItemsTable;

// Read at every login (initial presence): compiled once.
const listedItems = compiledOnce<{ hostId: string; username: string }, RosterRow>((db, slot) =>
  db
    .selectFrom('xmpp_roster_items')
    .selectAll()
    .where('host_id', '=', slot('hostId'))
    .where('username', '=', slot('username'))
    .where('is_listed', '=', 1)
    .orderBy('contact_jid'),
);

// Read at every login too, to re-send waiting subscription requests.
const pendingInItems = compiledOnce<{ hostId: string; username: string }, RosterRow>((db, slot) =>
  db
    .selectFrom('xmpp_roster_items')
    .selectAll()
    .where('host_id', '=', slot('hostId'))
    .where('username', '=', slot('username'))
    .where('pending_in', '=', 1),
);

export function createRosterRepository(db: DbOrTx) {
  return {
    listed(hostId: string, username: string): Promise<RosterRow[]> {
      return listedItems(db, { hostId, username });
    },

    /** Incoming subscription requests still waiting for an answer, to re-send at login (§3.1.3). */
    pendingIn(hostId: string, username: string): Promise<RosterRow[]> {
      return pendingInItems(db, { hostId, username });
    },

    find(hostId: string, username: string, contact: string): Promise<RosterRow | undefined> {
      return db
        .selectFrom('xmpp_roster_items')
        .selectAll()
        .where('host_id', '=', hostId)
        .where('username', '=', username)
        .where('contact_jid', '=', contact)
        .executeTakeFirst();
    },

    async upsert(row: RosterRow): Promise<void> {
      const { host_id: _h, username: _u, contact_jid: _c, ...changes } = row;
      await db
        .insertInto('xmpp_roster_items')
        .values(row)
        .onConflict((oc) => oc.columns(['host_id', 'username', 'contact_jid']).doUpdateSet(changes))
        .execute();
    },

    async remove(hostId: string, username: string, contact: string): Promise<void> {
      await db
        .deleteFrom('xmpp_roster_items')
        .where('host_id', '=', hostId)
        .where('username', '=', username)
        .where('contact_jid', '=', contact)
        .execute();
    },

    async version(hostId: string, username: string): Promise<number> {
      const row = await db
        .selectFrom('xmpp_roster_versions')
        .select('version')
        .where('host_id', '=', hostId)
        .where('username', '=', username)
        .executeTakeFirst();
      return row?.version ?? 0;
    },

    async bumpVersion(hostId: string, username: string): Promise<number> {
      await db
        .insertInto('xmpp_roster_versions')
        .values({ host_id: hostId, username, version: 1 })
        .onConflict((oc) =>
          oc
            .columns(['host_id', 'username'])
            .doUpdateSet((eb) => ({ version: eb('xmpp_roster_versions.version', '+', 1) })),
        )
        .execute();
      return this.version(hostId, username);
    },
  };
}
