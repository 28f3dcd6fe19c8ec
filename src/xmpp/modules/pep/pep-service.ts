/**
 * What PEP does for one account's nodes, whoever asks: who may read a node, publishing with
 * publish-options, retracting, deleting, and telling those who want to know (XEP-0163 §4: the
 * owner's resources and contacts with a presence subscription whose caps ask for `<node>+notify`,
 * and explicit subscribers).
 */
import { randomUUID } from 'node:crypto';
import {
  formatBare,
  formatJid,
  jid,
  parseStoredElement,
  sameBare,
  tryParseJid,
  xml,
  type Element,
  type Jid,
} from '../../stanza/index.js';
import {
  isAvailable,
  subscriptions,
  type HostRecord,
  type RosterStore,
  type Session,
  type SessionRouter,
} from '../../core/index.js';
import {
  applyConfigForm,
  checkPreconditions,
  DEFAULT_CONFIG,
  eventMessage,
  itemElement,
  preconditionNotMet,
  pubsubError,
  type ConfigLimits,
  type NodeConfig,
} from './pep-codec.js';
import type { PepRepository, StoredItem } from './pep.repository.js';

/** The account whose PEP service it is. */
export interface PepOwner {
  host: HostRecord;
  username: string;
}

export const ownerJid = (owner: PepOwner): Jid => jid(owner.username, owner.host.domain);
export const ownerBare = (owner: PepOwner): string => formatBare(ownerJid(owner));

export interface PepServiceDeps {
  repository: PepRepository;
  roster: RosterStore;
  sessions: SessionRouter;
  /** Routes what the service sends (from the owner's bare JID), past the recipient's filters. */
  route(stanza: Element): Promise<void>;
  now(): Date;
  limits: ConfigLimits;
  /** Bytes the account may keep in PEP. */
  storageLimit(hostId: string): Promise<number>;
  /** The nodes a session wants notified of (its caps' `+notify`), once known. */
  notifyNodesOf(session: Session): ReadonlySet<string> | undefined;
  /** Told after every publish, for conversions (XEP-0398). */
  published(owner: PepOwner, node: string, id: string, payload: Element): Promise<void>;
}

export function createPepService(deps: PepServiceDeps) {
  const { repository, roster, sessions } = deps;
  const busy = new Map<string, Promise<unknown>>();

  /** One change at a time per account, so its storage count and item order stay right. */
  function serialize<T>(owner: PepOwner, task: () => Promise<T>): Promise<T> {
    const key = `${owner.host.id}|${owner.username}`;
    const run = (busy.get(key) ?? Promise.resolve()).then(task, task);
    const settled = run.catch(() => undefined);
    busy.set(key, settled);
    void settled.then(() => busy.get(key) === settled && busy.delete(key));
    return run;
  }

  async function canRead(owner: PepOwner, config: NodeConfig, requester: Jid): Promise<boolean> {
    if (sameBare(requester, ownerJid(owner))) return true;
    if (config.accessModel === 'open') return true;
    if (config.accessModel === 'whitelist') return false;
    const item = await roster.get(owner.host.id, owner.username, formatBare(requester));
    return item !== undefined && subscriptions.sharesPresenceWith(item.subscription);
  }

  /** XEP-0060 §6.5.9 (items) and §6.1.3 (subscribe): why a node is closed to someone. */
  function closedTo(config: NodeConfig) {
    return config.accessModel === 'presence'
      ? pubsubError('not-authorized', 'presence-subscription-required')
      : pubsubError('not-allowed', 'closed-node');
  }

  /** The node's configuration if `requester` may read it; item-not-found when there is no node. */
  async function readableNode(owner: PepOwner, node: string, requester: Jid): Promise<NodeConfig> {
    const config = await repository.findNode(owner.host.id, owner.username, node);
    if (!config) throw pubsubError('item-not-found');
    if (!(await canRead(owner, config, requester))) throw closedTo(config);
    return config;
  }

  function itemOf(item: StoredItem, withDelay = false): Element {
    const payload = parseStoredElement(item.payload);
    const element = itemElement(item.id, payload ?? undefined);
    if (withDelay) element.cnode(xml('delay', { xmlns: 'urn:xmpp:delay', stamp: item.publishedAt }));
    return element;
  }

  /** Everyone to tell of a change to the node, each session once. */
  async function notify(owner: PepOwner, node: string, config: NodeConfig, content: Element): Promise<void> {
    const from = ownerBare(owner);
    const told = new Map<string, Session>();
    const add = (address: Jid) => {
      for (const session of sessions.resourcesOf(address))
        if (isAvailable(session) && deps.notifyNodesOf(session)?.has(node)) told.set(session.id, session);
    };
    add(ownerJid(owner));
    if (config.accessModel !== 'whitelist')
      for (const item of await roster.list(owner.host.id, owner.username)) {
        const contact = tryParseJid(item.contact);
        if (contact && subscriptions.sharesPresenceWith(item.subscription)) add(contact);
      }
    const message = (to: string) => eventMessage(from, to, randomUUID(), content);
    for (const session of told.values()) await deps.route(message(formatJid(session.jid)));
    const toldAccounts = new Set([...told.values()].map((s) => formatBare(s.jid)));
    for (const subscription of await repository.subscriptions(owner.host.id, owner.username, node)) {
      const subscriber = tryParseJid(subscription.jid);
      if (!subscriber || toldAccounts.has(formatBare(subscriber))) continue;
      if (await canRead(owner, config, subscriber)) await deps.route(message(subscription.jid));
    }
  }

  /** Bytes the account would keep after storing `bytes` as item `id` (what the node drops counted out). */
  async function usageAfter(owner: PepOwner, node: string, id: string, bytes: number, keep: number | null) {
    const total = await repository.storedBytes(owner.host.id, owner.username);
    const sizes = await repository.itemSizes(owner.host.id, owner.username, node);
    const others = sizes.filter((i) => i.id !== id);
    const leaving = sizes
      .filter((i) => i.id === id)
      .concat(keep === null ? [] : others.slice(Math.max(0, keep - 1)));
    return total - leaving.reduce((sum, i) => sum + i.bytes, 0) + bytes;
  }

  return {
    canRead,
    readableNode,
    itemOf,
    notify,

    /** XEP-0060 §7.1 with §7.1.5 publish-options; creates the node on first use (auto-create). */
    async publish(
      owner: PepOwner,
      node: string,
      item: { id: string | undefined; payload: Element },
      options: Map<string, string>,
      publisher: Jid,
    ): Promise<string> {
      const id = item.id ?? randomUUID();
      const text = item.payload.toString();
      const bytes = Buffer.byteLength(text);
      const config = await serialize(owner, async () => {
        let config = await repository.findNode(owner.host.id, owner.username, node);
        const isNew = config === undefined;
        if (config) checkPreconditions(config, options, deps.limits);
        else
          try {
            config = applyConfigForm(DEFAULT_CONFIG, options, deps.limits);
          } catch {
            throw preconditionNotMet([...options.keys()].filter((k) => k !== 'FORM_TYPE').join(', '));
          }
        const keep = config.persistItems ? config.maxItems : 1;
        const limit = await deps.storageLimit(owner.host.id);
        if (bytes > limit || (await usageAfter(owner, node, id, bytes, keep)) > limit)
          throw pubsubError(
            'not-acceptable',
            'payload-too-big',
            `the account may keep ${Math.floor(limit / 1024)} KiB in PEP`,
          );
        const at = deps.now().toISOString();
        if (isNew) await repository.saveNode(owner.host.id, owner.username, node, config, at);
        await repository.putItem(owner.host.id, owner.username, node, {
          id,
          payload: text,
          bytes,
          publisher: formatBare(publisher),
          publishedAt: at,
        });
        if (keep !== null) await repository.trim(owner.host.id, owner.username, node, keep);
        return config;
      });
      await notify(owner, node, config, xml('items', { node }, itemElement(id, item.payload)));
      await deps.published(owner, node, id, item.payload);
      return id;
    },

    async retract(owner: PepOwner, node: string, id: string, notifyNow: boolean): Promise<void> {
      const config = await repository.findNode(owner.host.id, owner.username, node);
      if (!config) throw pubsubError('item-not-found');
      const removed = await serialize(owner, () =>
        repository.retract(owner.host.id, owner.username, node, id),
      );
      if (!removed) throw pubsubError('item-not-found');
      if (notifyNow || config.notifyRetract)
        await notify(owner, node, config, xml('items', { node }, xml('retract', { id })));
    },

    async deleteNode(owner: PepOwner, node: string): Promise<void> {
      const config = await repository.findNode(owner.host.id, owner.username, node);
      if (!config) throw pubsubError('item-not-found');
      // Subscribers hear of it before their subscriptions go with the node.
      await notify(owner, node, config, xml('delete', { node }));
      await serialize(owner, () => repository.deleteNode(owner.host.id, owner.username, node));
    },

    async purge(owner: PepOwner, node: string): Promise<void> {
      const config = await repository.findNode(owner.host.id, owner.username, node);
      if (!config) throw pubsubError('item-not-found');
      await serialize(owner, () => repository.purge(owner.host.id, owner.username, node));
      await notify(owner, node, config, xml('purge', { node }));
    },

    async configure(owner: PepOwner, node: string, fields: Map<string, string>): Promise<void> {
      await serialize(owner, async () => {
        const config = await repository.findNode(owner.host.id, owner.username, node);
        if (!config) throw pubsubError('item-not-found');
        const next = applyConfigForm(config, fields, deps.limits);
        await repository.saveNode(owner.host.id, owner.username, node, next, deps.now().toISOString());
        if (next.maxItems !== null && next.maxItems < (config.maxItems ?? Infinity))
          await repository.trim(owner.host.id, owner.username, node, next.maxItems);
      });
    },

    async create(owner: PepOwner, node: string, fields: Map<string, string>): Promise<void> {
      await serialize(owner, async () => {
        if (await repository.findNode(owner.host.id, owner.username, node)) throw pubsubError('conflict');
        const config = applyConfigForm(DEFAULT_CONFIG, fields, deps.limits);
        await repository.saveNode(owner.host.id, owner.username, node, config, deps.now().toISOString());
      });
    },

    /** The node's last item to one address, as XEP-0163 §6.1 sends it (with when it was published). */
    async sendLast(owner: PepOwner, node: string, to: string): Promise<void> {
      const [last] = await repository.items(owner.host.id, owner.username, node, { max: 1 });
      if (!last) return;
      await deps.route(
        eventMessage(ownerBare(owner), to, randomUUID(), xml('items', { node }, itemOf(last, true))),
      );
    },
  };
}

export type PepService = ReturnType<typeof createPepService>;
