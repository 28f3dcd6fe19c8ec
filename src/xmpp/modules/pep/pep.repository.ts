import type { Db, XmppPepNodesTable } from '../../../platform/db/index.js';
import type { NodeConfig } from './pep-codec.js';

export interface StoredItem {
  id: string;
  payload: string;
  publisher: string;
  publishedAt: string;
}

function toConfig(row: XmppPepNodesTable): NodeConfig {
  return {
    accessModel: row.access_model,
    maxItems: row.max_items,
    persistItems: row.persist_items === 1,
    notifyRetract: row.notify_retract === 1,
    sendLastPublished: row.send_last_published_item,
  };
}

function configColumns(config: NodeConfig) {
  return {
    access_model: config.accessModel,
    max_items: config.maxItems,
    persist_items: config.persistItems ? 1 : 0,
    notify_retract: config.notifyRetract ? 1 : 0,
    send_last_published_item: config.sendLastPublished,
  };
}

const toItem = (row: {
  item_id: string;
  payload: string;
  publisher: string;
  published_at: string;
}): StoredItem => ({
  id: row.item_id,
  payload: row.payload,
  publisher: row.publisher,
  publishedAt: row.published_at,
});

/** PEP nodes, items and subscriptions. Every method names the host and the owning account. */
export function createPepRepository(db: Db) {
  const nodeRows = (hostId: string, owner: string) =>
    db.selectFrom('xmpp_pep_nodes').selectAll().where('host_id', '=', hostId).where('owner', '=', owner);
  const itemRows = (hostId: string, owner: string, node: string) =>
    db
      .selectFrom('xmpp_pep_items')
      .where('host_id', '=', hostId)
      .where('owner', '=', owner)
      .where('node', '=', node);

  return {
    async findNode(hostId: string, owner: string, node: string): Promise<NodeConfig | undefined> {
      const row = await nodeRows(hostId, owner).where('node', '=', node).executeTakeFirst();
      return row && toConfig(row);
    },

    async listNodes(hostId: string, owner: string): Promise<{ node: string; config: NodeConfig }[]> {
      const rows = await nodeRows(hostId, owner).orderBy('node').execute();
      return rows.map((row) => ({ node: row.node, config: toConfig(row) }));
    },

    async saveNode(
      hostId: string,
      owner: string,
      node: string,
      config: NodeConfig,
      at: string,
    ): Promise<void> {
      const columns = configColumns(config);
      await db
        .insertInto('xmpp_pep_nodes')
        .values({ host_id: hostId, owner, node, ...columns, created_at: at })
        .onConflict((oc) => oc.columns(['host_id', 'owner', 'node']).doUpdateSet(columns))
        .execute();
    },

    /** Removes the node with its items and subscriptions; false when there was none. */
    async deleteNode(hostId: string, owner: string, node: string): Promise<boolean> {
      return db.transaction().execute(async (tx) => {
        const scope = { host_id: hostId, owner, node };
        for (const table of ['xmpp_pep_items', 'xmpp_pep_subscriptions'] as const)
          await tx
            .deleteFrom(table)
            .where('host_id', '=', scope.host_id)
            .where('owner', '=', owner)
            .where('node', '=', node)
            .execute();
        const result = await tx
          .deleteFrom('xmpp_pep_nodes')
          .where('host_id', '=', hostId)
          .where('owner', '=', owner)
          .where('node', '=', node)
          .executeTakeFirst();
        return Number(result.numDeletedRows) > 0;
      });
    },

    /** Bytes of every item the account keeps, the plan's limit counts them. */
    async storedBytes(hostId: string, owner: string): Promise<number> {
      const row = await db
        .selectFrom('xmpp_pep_items')
        .select((eb) => eb.fn.sum<string | number | null>('bytes').as('total'))
        .where('host_id', '=', hostId)
        .where('owner', '=', owner)
        .executeTakeFirst();
      return Number(row?.total ?? 0);
    },

    async itemBytes(hostId: string, owner: string, node: string, itemId: string): Promise<number> {
      const row = await itemRows(hostId, owner, node)
        .select('bytes')
        .where('item_id', '=', itemId)
        .executeTakeFirst();
      return row?.bytes ?? 0;
    },

    /** Stores the item as the node's newest, replacing one with the same id. */
    async putItem(
      hostId: string,
      owner: string,
      node: string,
      item: StoredItem & { bytes: number },
    ): Promise<void> {
      await db.transaction().execute(async (tx) => {
        const top = await tx
          .selectFrom('xmpp_pep_items')
          .select((eb) => eb.fn.max<number | null>('position').as('top'))
          .where('host_id', '=', hostId)
          .where('owner', '=', owner)
          .where('node', '=', node)
          .executeTakeFirst();
        const columns = {
          position: Number(top?.top ?? 0) + 1,
          payload: item.payload,
          bytes: item.bytes,
          publisher: item.publisher,
          published_at: item.publishedAt,
        };
        await tx
          .insertInto('xmpp_pep_items')
          .values({ host_id: hostId, owner, node, item_id: item.id, ...columns })
          .onConflict((oc) => oc.columns(['host_id', 'owner', 'node', 'item_id']).doUpdateSet(columns))
          .execute();
      });
    },

    /** Newest first: the ones named, or the newest `max` (all without it). */
    async items(
      hostId: string,
      owner: string,
      node: string,
      query: { ids?: readonly string[]; max?: number },
    ): Promise<StoredItem[]> {
      let select = itemRows(hostId, owner, node)
        .select(['item_id', 'payload', 'publisher', 'published_at'])
        .orderBy('position', 'desc');
      if (query.ids) select = select.where('item_id', 'in', query.ids.length > 0 ? [...query.ids] : ['']);
      if (query.max !== undefined) select = select.limit(query.max);
      return (await select.execute()).map(toItem);
    },

    /** Each item's id and size, newest first. */
    async itemSizes(hostId: string, owner: string, node: string): Promise<{ id: string; bytes: number }[]> {
      const rows = await itemRows(hostId, owner, node)
        .select(['item_id', 'bytes'])
        .orderBy('position', 'desc')
        .execute();
      return rows.map((row) => ({ id: row.item_id, bytes: Number(row.bytes) }));
    },

    /** Keeps the newest `keep` items of the node. */
    async trim(hostId: string, owner: string, node: string, keep: number): Promise<void> {
      const kept = await itemRows(hostId, owner, node)
        .select('position')
        .orderBy('position', 'desc')
        .limit(keep)
        .execute();
      const oldestKept = kept.at(-1)?.position;
      if (kept.length < keep || oldestKept === undefined) return;
      await db
        .deleteFrom('xmpp_pep_items')
        .where('host_id', '=', hostId)
        .where('owner', '=', owner)
        .where('node', '=', node)
        .where('position', '<', oldestKept)
        .execute();
    },

    async retract(hostId: string, owner: string, node: string, itemId: string): Promise<boolean> {
      const result = await db
        .deleteFrom('xmpp_pep_items')
        .where('host_id', '=', hostId)
        .where('owner', '=', owner)
        .where('node', '=', node)
        .where('item_id', '=', itemId)
        .executeTakeFirst();
      return Number(result.numDeletedRows) > 0;
    },

    async purge(hostId: string, owner: string, node: string): Promise<void> {
      await db
        .deleteFrom('xmpp_pep_items')
        .where('host_id', '=', hostId)
        .where('owner', '=', owner)
        .where('node', '=', node)
        .execute();
    },

    async subscribe(hostId: string, owner: string, node: string, jid: string, subid: string, at: string) {
      await db
        .insertInto('xmpp_pep_subscriptions')
        .values({ host_id: hostId, owner, node, jid, subid, created_at: at })
        .onConflict((oc) => oc.columns(['host_id', 'owner', 'node', 'jid']).doNothing())
        .execute();
      const row = await db
        .selectFrom('xmpp_pep_subscriptions')
        .select('subid')
        .where('host_id', '=', hostId)
        .where('owner', '=', owner)
        .where('node', '=', node)
        .where('jid', '=', jid)
        .executeTakeFirstOrThrow();
      return row.subid;
    },

    async unsubscribe(hostId: string, owner: string, node: string, jid: string): Promise<boolean> {
      const result = await db
        .deleteFrom('xmpp_pep_subscriptions')
        .where('host_id', '=', hostId)
        .where('owner', '=', owner)
        .where('node', '=', node)
        .where('jid', '=', jid)
        .executeTakeFirst();
      return Number(result.numDeletedRows) > 0;
    },

    /** Everything of a deleted account: its nodes with their items and subscriptions, and its own subscriptions. */
    async removeAccount(hostId: string, owner: string, domain: string): Promise<void> {
      await db.transaction().execute(async (tx) => {
        for (const table of ['xmpp_pep_items', 'xmpp_pep_subscriptions', 'xmpp_pep_nodes'] as const)
          await tx.deleteFrom(table).where('host_id', '=', hostId).where('owner', '=', owner).execute();
        const bare = `${owner}@${domain}`;
        await tx
          .deleteFrom('xmpp_pep_subscriptions')
          .where((eb) =>
            eb.or([
              eb('jid', '=', bare),
              eb(eb.fn<string>('substr', ['jid', eb.val(1), eb.val(bare.length + 1)]), '=', `${bare}/`),
            ]),
          )
          .execute();
      });
    },

    /** Subscriptions to the account's nodes: all of them, or one node's. */
    subscriptions(hostId: string, owner: string, node?: string) {
      let select = db
        .selectFrom('xmpp_pep_subscriptions')
        .select(['node', 'jid', 'subid'])
        .where('host_id', '=', hostId)
        .where('owner', '=', owner);
      if (node !== undefined) select = select.where('node', '=', node);
      return select.orderBy('node').orderBy('jid').execute();
    },
  };
}

export type PepRepository = ReturnType<typeof createPepRepository>;
