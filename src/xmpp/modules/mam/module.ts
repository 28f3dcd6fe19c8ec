/**
 * XEP-0313 message archives for user accounts. Every chat or normal message with a body that a
 * local user sends or receives is kept in their archive (a chat between two local users in both),
 * unless their preferences say otherwise; the recipient's copy carries its archive id as a XEP-0359
 * `<stanza-id/>`. Users page through their own archive with XEP-0059; nobody else can read it.
 * The host's plan sets the retention: queries never return older messages, and the module's purge
 * job (purge-archive.ts) deletes them. A host without a plan keeps its archives.
 */
import { monotonicIdSource } from '../../../lib/ids.js';
import { attr, formatBare, formatJid, parseStoredElement, sameBare, type Jid } from '../../stanza/index.js';
import { defineModule, HookPriority, option, type RouteContext, ownSession } from '../../core/index.js';
import { archiveDecision, DEFAULT_PREFS, retentionCutoff } from './archive-policy.js';
import { createArchiveRepository } from './archive.repository.js';
import { createArchiveWriter } from './archive-writer.js';
import {
  type ArchivePrefs,
  finElement,
  MAM,
  MAM_EXTENDED,
  metadataElement,
  parsePrefs,
  parseQuery,
  prefsElement,
  queryForm,
  removeStanzaIds,
  resultMessage,
  SID,
  stanzaIdElement,
} from '../../core/index.js';
import { ARCHIVE_PURGE_JOB, PURGE_CRON, purgeExpiredArchive } from './purge-archive.js';
import { queryArchive } from './query-archive.js';

interface Owner {
  hostId: string;
  username: string;
  /** The account's JID (any resource): whether it has sessions decides what is cached. */
  jid: Jid;
}

export const mamModule = defineModule({
  name: 'mam',
  implements: [
    {
      spec: 'XEP-0313',
      version: '1.1.3',
      note: 'user archives; with/start/end; extended: after-id/before-id/ids, flip-page, metadata; prefs; retention from the plan',
    },
    { spec: 'XEP-0059', version: '1.0', note: 'in archive queries, paging by item and by index' },
    { spec: 'XEP-0359', version: '0.7.0', note: 'stanza-id on archived incoming messages' },
  ],
  options: {
    defaultPageSize: option.integer({
      default: 50,
      min: 1,
      max: 1000,
      description: 'Results per page when the query gives no max.',
    }),
    maxPageSize: option.integer({
      default: 250,
      min: 1,
      max: 1000,
      description: 'Most results per page, whatever the query asks.',
    }),
    writeDelayMs: option.integer({
      default: 250,
      min: 0,
      max: 1000,
      description:
        'How long an archived message waits to be written with others, in milliseconds (a crash loses at most this much of the archive, never a message).',
    }),
  },
  setup(ctx) {
    const { clock, sessions } = ctx;
    const repository = ctx.storage(createArchiveRepository);
    const nextId = monotonicIdSource(clock);
    ctx.feature(MAM, 'account');
    ctx.feature(MAM_EXTENDED, 'account');
    ctx.feature(SID, 'account');

    ctx.job({
      name: ARCHIVE_PURGE_JOB,
      cron: PURGE_CRON,
      run: async () => {
        await purgeExpiredArchive({ repository, clock, listEntitlements: () => ctx.listEntitlements() });
      },
    });

    async function expiredAt(hostId: string): Promise<string | undefined> {
      return retentionCutoff(clock.now(), await ctx.entitlement(hostId, 'archiveRetentionDays'));
    }

    // Preferences are read for both parties of every message, so those of users with a session
    // are kept in memory; only this module writes them. An entry goes when its user's last session
    // closes, so a deleted and re-created account never sees its predecessor's preferences.
    const prefsCache = new Map<string, ArchivePrefs>();
    const prefsKey = (hostId: string, username: string) => `${hostId}/${username}`;
    async function prefsOf(owner: Owner): Promise<ArchivePrefs> {
      const key = prefsKey(owner.hostId, owner.username);
      const cached = prefsCache.get(key);
      if (cached) return cached;
      const prefs = (await repository.prefs(owner.hostId, owner.username)) ?? DEFAULT_PREFS;
      if (sessions.resourcesOf(owner.jid).length > 0) prefsCache.set(key, prefs);
      return prefs;
    }
    ctx.hook('session/closed', HookPriority.observe, ({ session }) => {
      if (sessions.resourcesOf(session.jid).length === 0)
        prefsCache.delete(prefsKey(session.host.id, session.username));
      return false;
    });

    // Rows are written behind delivery, batched (archive-writer.ts); a query first waits for them.
    // Each user's archive is its own range of the owner indexes, so every commit writes a page per
    // user it touches: the longer the window, the more rows share each page (npm run bench:archive).
    // Statements of 250 rows take a few milliseconds each, with the event loop turning in between.
    const writer = createArchiveWriter(repository, ctx.logger, {
      delayMs: ctx.options.writeDelayMs,
      maxQueued: 10_000,
      chunkRows: 250,
    });
    ctx.onUnload(() => writer.drained());

    async function isArchivedFor(owner: Owner, peer: Jid): Promise<boolean> {
      if ((await ctx.entitlement(owner.hostId, 'archiveRetentionDays')) === 0) return false;
      const prefs = await prefsOf(owner);
      const decision = archiveDecision(prefs, peer);
      if (decision !== 'if-in-roster') return decision === 'archive';
      return (await ctx.roster.get(owner.hostId, owner.username, formatBare(peer)))?.isListed === true;
    }

    async function archive(route: RouteContext): Promise<void> {
      const type = attr(route.stanza, 'type') ?? 'normal';
      if ((type !== 'chat' && type !== 'normal') || route.stanza.getChild('body') === undefined) return;
      // A message that bounces (no such account) is in nobody's archive.
      if (!(await ctx.accountExists(route))) return;
      const recipient = formatBare(route.to);
      // Only this server assigns ids in the recipient's archive (XEP-0359 §5), archived or not.
      removeStanzaIds(route.stanza, recipient);
      const toOwner = { hostId: route.host.id, username: route.to.local, jid: route.to };
      const isReceived = await isArchivedFor(toOwner, route.from);
      // A message to one's own account is in that archive once, as received.
      const sender = route.origin && !sameBare(route.origin.jid, route.to) ? route.origin : undefined;
      const isSent =
        sender !== undefined &&
        (await isArchivedFor(
          { hostId: sender.host.id, username: sender.username, jid: sender.jid },
          route.to,
        ));
      if (!isReceived && !isSent) return;
      const id = nextId('mam');
      writer.enqueue({
        id,
        to_host_id: isReceived ? route.host.id : null,
        to_username: isReceived ? route.to.local : null,
        from_host_id: isSent ? sender.host.id : null,
        from_username: isSent ? sender.username : null,
        from_bare: formatBare(route.from),
        from_full: formatJid(route.from),
        to_bare: recipient,
        to_full: formatJid(route.to),
        stanza: route.stanza.toString(),
        created_at: clock.now().toISOString(),
      });
      if (isReceived) route.stanza.cnode(stanzaIdElement(recipient, id));
    }

    async function observe(route: RouteContext): Promise<boolean> {
      try {
        await archive(route);
      } catch (error) {
        // A failing archive must not cost the message itself: it is delivered, unarchived.
        ctx.logger.error({ err: error, host: route.host.domain }, 'could not archive a message');
      }
      return false;
    }
    ctx.hook('message/bare', HookPriority.observe, observe);
    ctx.hook('message/full', HookPriority.observe, observe);

    ctx.iq({ target: 'account', type: 'get', xmlns: MAM, name: 'query' }, (request) => {
      ownSession(request);
      return queryForm();
    });

    ctx.iq({ target: 'account', type: 'set', xmlns: MAM, name: 'query' }, async (request) => {
      const session = ownSession(request);
      const query = parseQuery(request.payload);
      await writer.drained();
      const owner = {
        hostId: session.host.id,
        username: session.username,
        expiredAt: await expiredAt(session.host.id),
      };
      const max = Math.min(query.max ?? ctx.options.defaultPageSize, ctx.options.maxPageSize);
      const { items, count, index, isComplete } = await queryArchive(repository, owner, query, max);
      const to = formatJid(session.jid);
      const from = formatBare(session.jid);
      for (const row of query.isFlipped ? [...items].reverse() : items) {
        const message = parseStoredElement(row.stanza);
        if (!message) continue;
        ctx.deliver(
          session,
          resultMessage({
            to,
            from,
            id: nextId('mamr'),
            queryId: query.queryId,
            archiveId: row.id,
            stamp: row.created_at,
            message,
          }),
        );
      }
      const first = items[0];
      const last = items[items.length - 1];
      return finElement({
        queryId: query.queryId,
        isComplete,
        count,
        ...(first && last && { page: { first: first.id, last: last.id, index } }),
      });
    });

    ctx.iq({ target: 'account', type: 'get', xmlns: MAM, name: 'metadata' }, async (request) => {
      const session = ownSession(request);
      await writer.drained();
      const owner = {
        hostId: session.host.id,
        username: session.username,
        expiredAt: await expiredAt(session.host.id),
      };
      const [start] = await repository.page(owner, 1, false);
      const [end] = await repository.page(owner, 1, true);
      const edge = (row: { id: string; created_at: string }) => ({ id: row.id, stamp: row.created_at });
      return metadataElement(start && end ? { start: edge(start), end: edge(end) } : undefined);
    });

    ctx.iq({ target: 'account', type: 'get', xmlns: MAM, name: 'prefs' }, async (request) => {
      const session = ownSession(request);
      return prefsElement((await repository.prefs(session.host.id, session.username)) ?? DEFAULT_PREFS);
    });

    ctx.iq({ target: 'account', type: 'set', xmlns: MAM, name: 'prefs' }, async (request) => {
      const session = ownSession(request);
      const prefs = parsePrefs(request.payload);
      await repository.savePrefs(session.host.id, session.username, prefs, clock.now().toISOString());
      prefsCache.set(prefsKey(session.host.id, session.username), prefs);
      return prefsElement(prefs);
    });
  },
});
