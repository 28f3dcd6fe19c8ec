/**
 * XEP-0163 Personal Eventing Protocol on every account: the XEP-0060 subset clients use for OMEMO
 * (XEP-0384), avatars (XEP-0084), nicknames (XEP-0172), bookmarks (XEP-0402) and private data
 * (XEP-0223). Publishing creates the node (auto-create) under its publish-options (§7.1.5), which
 * later publishes must match; notifications follow presence subscriptions and the `+notify` of
 * each client's XEP-0115 caps, which the server asks once per new hash and keeps.
 */
import { randomUUID } from 'node:crypto';
import {
  attr,
  formatJid,
  sameBare,
  StanzaError,
  tryParseJid,
  xml,
  type Element,
} from '../../stanza/index.js';
import {
  defineModule,
  HookPriority,
  option,
  subscriptions,
  type IqRequest,
  type RouteContext,
  type Session,
} from '../../core/index.js';
import { AVATAR_METADATA, createAvatarConversion } from './avatar-conversion.js';
import { createLegacyBookmarks } from './legacy-bookmarks.js';
import { CapsCache, capsOf, notifyNodes } from './caps.js';
import { createCapsRepository } from './caps.repository.js';
import {
  configForm,
  PUBLISH_OPTIONS,
  NODE_CONFIG,
  PUBSUB,
  PUBSUB_OWNER,
  pubsubError,
  submittedForm,
} from './pep-codec.js';
import { createPepRepository } from './pep.repository.js';
import { createPepService, ownerBare, type PepOwner } from './pep-service.js';

/** What the apps look for in the account's disco#info before they use PEP (XEP-0060 §10). */
const PUBSUB_FEATURES = [
  'access-open',
  'access-presence',
  'access-whitelist',
  'auto-create',
  'auto-subscribe',
  'config-node',
  'config-node-max',
  'create-and-configure',
  'create-nodes',
  'delete-items',
  'delete-nodes',
  'filtered-notifications',
  'item-ids',
  'last-published',
  'multi-items',
  'persistent-items',
  'presence-notifications',
  'publish',
  'publish-options',
  'purge-nodes',
  'retract-items',
  'retrieve-affiliations',
  'retrieve-items',
  'retrieve-subscriptions',
  'subscribe',
];

/** Per bound session: the nodes its caps ask for, and what it has already been sent since it came online. */
interface SessionInterest {
  capsKey: string | undefined;
  notify: ReadonlySet<string> | undefined;
  sentLast: Set<string>;
  /** Accounts whose every last item this session has had (or may not have): their presence asks nothing more. */
  ownersDone: Set<string>;
}

export const pepModule = defineModule({
  name: 'pep',
  implements: [
    {
      spec: 'XEP-0163',
      version: '1.2.2',
      note: '+notify from XEP-0115 caps, asked once per hash; last item on presence and new subscription',
    },
    {
      spec: 'XEP-0060',
      version: '1.26.0',
      note: 'the PEP subset: publish with publish-options, retract, items by id and max_items, create, configure, delete, purge, subscribe; access models open, presence, whitelist',
    },
    { spec: 'XEP-0115', version: '1.6.0', note: 'caps of clients read for PEP notifications' },
    { spec: 'XEP-0223', version: '1.1.1', note: 'whitelist nodes with persistent items' },
    { spec: 'XEP-0084', version: '1.1.4', note: 'avatar data and metadata nodes' },
    { spec: 'XEP-0398', version: '0.2.1', note: 'with the vcard module: PEP avatar ⇄ vCard photo' },
    { spec: 'XEP-0172', version: '1.1', note: 'nickname node' },
    { spec: 'XEP-0384', version: '0.8.3', note: 'device lists and bundles in open nodes (storage only)' },
    { spec: 'XEP-0402', version: '1.1.4', note: 'bookmarks node; urn:xmpp:bookmarks:1#compat with XEP-0049' },
    {
      spec: 'XEP-0048',
      version: '1.2',
      note: 'in XEP-0049 private storage, kept as XEP-0402 bookmarks; the storage:bookmarks PEP node is an ordinary node',
    },
    {
      spec: 'XEP-0411',
      version: '1.0.0',
      note: 'XEP-0049 storage:bookmarks read from and written to XEP-0402',
    },
  ],
  options: {
    defaultStorageKb: option.integer({
      default: 1024,
      min: 0,
      max: 1_048_576,
      description:
        "KiB each account may keep in PEP when its host's plan does not say (a host without a plan).",
    }),
    maxItemsPerNode: option.integer({
      default: 1000,
      min: 1,
      max: 100_000,
      description: 'Most items one node keeps, what `pubsub#max_items` = `max` means.',
    }),
    capsTimeoutMs: option.integer({
      default: 30_000,
      min: 100,
      max: 600_000,
      description:
        'How long a client has to answer the disco#info query for a new caps hash, in milliseconds.',
    }),
  },
  setup(ctx) {
    const repository = ctx.storage(createPepRepository);
    const interests = new Map<string, SessionInterest>();
    const caps = new CapsCache(
      ctx.storage(createCapsRepository),
      (session, query) => ctx.request(session, 'get', query, ctx.options.capsTimeoutMs),
      () => ctx.clock.now().toISOString(),
      (error) => ctx.logger.warn({ err: error }, 'pep: caps not stored'),
    );
    const service = createPepService({
      repository,
      roster: ctx.roster,
      sessions: ctx.sessions,
      route: (stanza) => ctx.route(stanza),
      now: () => ctx.clock.now(),
      limits: { maxItemsCeiling: ctx.options.maxItemsPerNode },
      async storageLimit(hostId) {
        return ((await ctx.entitlement(hostId, 'pepStorageKb')) ?? ctx.options.defaultStorageKb) * 1024;
      },
      notifyNodesOf: (session) => interests.get(session.id)?.notify,
      published: async (owner, node, _id, payload) => {
        if (node === AVATAR_METADATA) await avatars.metadataPublished(owner, payload);
      },
    });

    ctx.identity({ category: 'pubsub', type: 'pep' }, 'account');
    ctx.feature(PUBSUB, 'account');
    for (const feature of PUBSUB_FEATURES) ctx.feature(`${PUBSUB}#${feature}`, 'account');

    const ownerOf = (request: IqRequest): PepOwner => ({ host: request.host, username: request.to.local });
    const isOwner = (request: IqRequest) => sameBare(request.from, request.to);
    function requireOwner(request: IqRequest): PepOwner {
      if (!isOwner(request)) throw pubsubError('forbidden');
      return ownerOf(request);
    }
    function nodeOf(element: Element): string {
      const node = attr(element, 'node');
      if (!node) throw pubsubError('not-acceptable', 'nodeid-required');
      return node;
    }
    /** The one action a `<pubsub/>` carries (the options and forms beside it are read by it). */
    function actionOf(payload: Element, names: readonly string[]): Element {
      const action = payload.getChildElements().find((c) => names.includes(c.name));
      if (!action) throw pubsubError('feature-not-implemented', 'unsupported');
      return action;
    }

    // ---- pubsub set: publish, retract, subscribe, unsubscribe, create ---------------------------
    ctx.iq({ target: 'account', type: 'set', xmlns: PUBSUB, name: 'pubsub' }, async (request) => {
      const { payload } = request;
      const action = actionOf(payload, ['publish', 'retract', 'subscribe', 'unsubscribe', 'create']);
      const node = nodeOf(action);
      switch (action.name) {
        case 'publish': {
          const owner = requireOwner(request);
          const items = action.getChildren('item');
          if (items.length !== 1)
            throw pubsubError('bad-request', items.length ? 'invalid-payload' : 'item-required');
          const contents = items[0]!.getChildElements();
          if (contents.length !== 1)
            throw pubsubError('bad-request', contents.length ? 'invalid-payload' : 'payload-required');
          const options = submittedForm(payload.getChild('publish-options'), PUBLISH_OPTIONS);
          const id = await service.publish(
            owner,
            node,
            { id: attr(items[0]!, 'id') || undefined, payload: contents[0]! },
            options,
            request.from,
          );
          return xml('pubsub', { xmlns: PUBSUB }, xml('publish', { node }, xml('item', { id })));
        }
        case 'retract': {
          const owner = requireOwner(request);
          const id = action.getChild('item') && attr(action.getChild('item')!, 'id');
          if (!id) throw pubsubError('bad-request', 'item-required');
          const notify = attr(action, 'notify');
          await service.retract(owner, node, id, notify === 'true' || notify === '1');
          return undefined;
        }
        case 'subscribe': {
          const subscriber = tryParseJid(attr(action, 'jid') ?? '');
          if (!subscriber || !sameBare(subscriber, request.from))
            throw pubsubError('bad-request', 'invalid-jid');
          const owner = ownerOf(request);
          const config = await service.readableNode(owner, node, request.from);
          const jid = formatJid(subscriber);
          const subid = await repository.subscribe(
            owner.host.id,
            owner.username,
            node,
            jid,
            randomUUID(),
            ctx.clock.now().toISOString(),
          );
          if (config.sendLastPublished !== 'never')
            void service
              .sendLast(owner, node, jid)
              .catch((error) => ctx.logger.warn({ err: error }, 'pep: last item not sent'));
          return xml(
            'pubsub',
            { xmlns: PUBSUB },
            xml('subscription', { node, jid, subid, subscription: 'subscribed' }),
          );
        }
        case 'unsubscribe': {
          const subscriber = tryParseJid(attr(action, 'jid') ?? '');
          if (!subscriber || !sameBare(subscriber, request.from))
            throw pubsubError('bad-request', 'invalid-jid');
          const owner = ownerOf(request);
          if (!(await repository.findNode(owner.host.id, owner.username, node)))
            throw pubsubError('item-not-found');
          if (!(await repository.unsubscribe(owner.host.id, owner.username, node, formatJid(subscriber))))
            throw pubsubError('unexpected-request', 'not-subscribed');
          return undefined;
        }
        default: {
          const owner = requireOwner(request);
          await service.create(owner, node, submittedForm(payload.getChild('configure'), NODE_CONFIG));
          return undefined;
        }
      }
    });

    // ---- pubsub get: items, subscriptions, affiliations ----------------------------------------
    ctx.iq({ target: 'account', type: 'get', xmlns: PUBSUB, name: 'pubsub' }, async (request) => {
      const action = actionOf(request.payload, ['items', 'subscriptions', 'affiliations']);
      const owner = ownerOf(request);
      if (action.name === 'items') {
        const node = nodeOf(action);
        await service.readableNode(owner, node, request.from);
        const ids = action
          .getChildren('item')
          .map((i) => attr(i, 'id'))
          .filter((id): id is string => !!id);
        const maxText = attr(action, 'max_items');
        const max = maxText === undefined ? undefined : Number(maxText);
        if (max !== undefined && !(Number.isInteger(max) && max >= 0))
          throw new StanzaError('bad-request', { text: 'max_items must be a count' });
        const found = await repository.items(owner.host.id, owner.username, node, {
          ...(ids.length > 0 && { ids }),
          ...(max !== undefined && { max }),
        });
        return xml(
          'pubsub',
          { xmlns: PUBSUB },
          xml('items', { node }, ...found.map((item) => service.itemOf(item))),
        );
      }
      if (action.name === 'subscriptions') {
        const node = attr(action, 'node');
        const mine = (await repository.subscriptions(owner.host.id, owner.username, node)).filter((s) => {
          const subscriber = tryParseJid(s.jid);
          return subscriber !== undefined && sameBare(subscriber, request.from);
        });
        return xml(
          'pubsub',
          { xmlns: PUBSUB },
          xml(
            'subscriptions',
            node ? { node } : {},
            ...mine.map((s) =>
              xml('subscription', { node: s.node, jid: s.jid, subid: s.subid, subscription: 'subscribed' }),
            ),
          ),
        );
      }
      // The owner owns every node; anyone else has no affiliation with any.
      const nodes = isOwner(request) ? await repository.listNodes(owner.host.id, owner.username) : [];
      return xml(
        'pubsub',
        { xmlns: PUBSUB },
        xml(
          'affiliations',
          {},
          ...nodes.map((n) => xml('affiliation', { node: n.node, affiliation: 'owner' })),
        ),
      );
    });

    // ---- pubsub#owner: configure, delete, purge ------------------------------------------------
    ctx.iq({ target: 'account', type: 'get', xmlns: PUBSUB_OWNER, name: 'pubsub' }, async (request) => {
      const action = actionOf(request.payload, ['configure']);
      const owner = requireOwner(request);
      const node = nodeOf(action);
      const config = await repository.findNode(owner.host.id, owner.username, node);
      if (!config) throw pubsubError('item-not-found');
      return xml('pubsub', { xmlns: PUBSUB_OWNER }, xml('configure', { node }, configForm(config)));
    });
    ctx.iq({ target: 'account', type: 'set', xmlns: PUBSUB_OWNER, name: 'pubsub' }, async (request) => {
      const action = actionOf(request.payload, ['configure', 'delete', 'purge']);
      const owner = requireOwner(request);
      const node = nodeOf(action);
      if (action.name === 'configure')
        await service.configure(owner, node, submittedForm(action, NODE_CONFIG));
      else if (action.name === 'delete') await service.deleteNode(owner, node);
      else await service.purge(owner, node);
      return undefined;
    });

    // The account's nodes that the asker may read (XEP-0060 §5.2).
    ctx.items('account', async (request) => {
      if (request.payload.attrs.node) return [];
      const owner = ownerOf(request);
      const readable = [];
      for (const { node, config } of await repository.listNodes(owner.host.id, owner.username))
        if (await service.canRead(owner, config, request.from))
          readable.push({ jid: ownerBare(owner), node });
      return readable;
    });

    // ---- +notify and the last item (XEP-0163 §4.3, §6.2) ---------------------------------------
    const logFailure = (what: string) => (error: unknown) => ctx.logger.warn({ err: error }, `pep: ${what}`);

    /** The last item of each node of `owner` the session wants and may read, once per availability. */
    async function sendLastItems(session: Session, owner: PepOwner): Promise<void> {
      const interest = interests.get(session.id);
      const bare = ownerBare(owner);
      if (!interest?.notify || interest.notify.size === 0 || interest.ownersDone.has(bare)) return;
      // Done for this owner unless a presence subscription, which may yet come, kept something back.
      let isDone = true;
      for (const { node, config } of await repository.listNodes(owner.host.id, owner.username)) {
        const mark = `${bare}|${node}`;
        if (!interest.notify.has(node) || interest.sentLast.has(mark)) continue;
        if (config.sendLastPublished !== 'on_sub_and_presence') continue;
        if (!(await service.canRead(owner, config, session.jid))) {
          if (config.accessModel === 'presence') isDone = false;
          continue;
        }
        interest.sentLast.add(mark);
        await service.sendLast(owner, node, formatJid(session.jid));
      }
      if (isDone) interest.ownersDone.add(bare);
    }

    /** The accounts whose PEP a session hears: its own, and every contact whose presence it sees. */
    async function sendAllLastItems(session: Session): Promise<void> {
      // Most sessions of a benchmark or a bot want nothing: no roster read for them.
      if (!interests.get(session.id)?.notify?.size) return;
      await sendLastItems(session, { host: session.host, username: session.username });
      for (const item of await ctx.roster.list(session.host.id, session.username)) {
        if (!subscriptions.seesPresenceOf(item.subscription)) continue;
        const contact = tryParseJid(item.contact);
        const host = contact && (await ctx.hosts.find(contact.domain));
        if (contact && host && host.status === 'active' && contact.local)
          await sendLastItems(session, { host, username: contact.local });
      }
    }

    async function learnCaps(session: Session, presence: Element): Promise<void> {
      const claim = capsOf(presence);
      const capsKey = claim && `${claim.hash}:${claim.ver}`;
      let interest = interests.get(session.id);
      if (interest && interest.capsKey === capsKey) return;
      interest = {
        capsKey,
        notify: interest?.notify,
        sentLast: interest?.sentLast ?? new Set(),
        ownersDone: new Set(),
      };
      interests.set(session.id, interest);
      const features = claim ? await caps.features(session, claim).catch(() => undefined) : [];
      // Gone, or another presence with other caps came meanwhile.
      if (interests.get(session.id) !== interest) return;
      interest.notify = notifyNodes(features ?? []);
      await sendAllLastItems(session);
    }

    ctx.hook('presence/broadcast', HookPriority.observe, ({ session, stanza }) => {
      const type = attr(stanza, 'type');
      if (type === 'unavailable') interests.delete(session.id);
      else if (type === undefined) void learnCaps(session, stanza).catch(logFailure('caps not learnt'));
    });
    ctx.hook('session/closed', HookPriority.observe, ({ session }) => {
      interests.delete(session.id);
    });

    // Presence from a contact (a probe's answer, or after a new subscription was approved, RFC
    // 6121 §3.1.5): the recipient's sessions get that contact's last items.
    const fromContact = (route: RouteContext) => {
      if (attr(route.stanza, 'type') !== undefined || route.from.local === '') return;
      const targets = route.to.resource
        ? [ctx.sessions.byFullJid(route.to)].filter((s): s is Session => s !== undefined)
        : ctx.sessions.resourcesOf(route.to);
      if (!targets.some((session) => interests.get(session.id)?.notify?.size)) return;
      void (async () => {
        const host = await ctx.hosts.find(route.from.domain);
        if (!host) return;
        for (const session of targets) await sendLastItems(session, { host, username: route.from.local });
      })().catch(logFailure('last items not sent'));
    };
    ctx.hook('presence/bare', HookPriority.observe, fromContact);
    ctx.hook('presence/full', HookPriority.observe, fromContact);

    // A member created again under the same name must not inherit the keys and bookmarks of the old one.
    ctx.onTenancy('member.deleted', ({ hostId, domain, username }) => {
      repository.removeAccount(hostId, username, domain).catch(logFailure('a deleted member kept PEP data'));
    });

    createLegacyBookmarks(ctx, service, repository);
    const avatars = createAvatarConversion(ctx, service, repository);
  },
});
