/**
 * XEP-0313 message archives for user accounts. Every chat or normal message with a body that a
 * local user sends or receives is kept in their archive (a chat between two local users in both),
 * unless their preferences say otherwise; the recipient's copy carries its archive id as a XEP-0359
 * `<stanza-id/>`. Users page through their own archive with XEP-0059; nobody else can read it.
 * The host's plan sets the retention: queries never return older messages, and the purge job
 * (purge-archive.ts) deletes them. A host without a plan keeps its archives.
 */
import { monotonicIdSource } from '../../../lib/ids.js';
import { attr, formatBare, formatJid, parseStoredElement, sameBare, type Jid } from '../../stanza/index.js';
import { defineModule, HookPriority, type RouteContext, ownSession } from '../../core/index.js';
import { archiveDecision, DEFAULT_PREFS, retentionCutoff } from './archive-policy.js';
import { createArchiveRepository } from './archive.repository.js';
import { createArchiveWriter } from './archive-writer.js';
import {
  type ArchivePrefs,
  finElement,
  MAM,
  parsePrefs,
  parseQuery,
  prefsElement,
  queryForm,
  removeStanzaIds,
  resultMessage,
  SID,
  stanzaIdElement,
} from './mam-codec.js';
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
      note: 'user archives; with/start/end/after-id/before-id; prefs; retention from the plan',
    },
    { spec: 'XEP-0059', version: '1.0', note: 'in archive queries; no paging by index' },
    { spec: 'XEP-0359', version: '0.7.0', note: 'stanza-id on archived incoming messages' },
  ],
  options: {
    defaultPageSize: {
      default: 50,
      min: 1,
      max: 1000,
      description: 'Results per page when max is not given.',
    },
    maxPageSize: {
      default: 250,
      min: 1,
      max: 1000,
      description: 'Most results per page, whatever max asks.',
    },
    writeDelayMs: {
      default: 250,
      min: 0,
      max: 1000,
      description:
        'How long an archived message waits to be written with others (a crash loses at most this much of the archive, never a message).',
    },
  },
  setup(api) {
    const { core } = api;
    const repository = createArchiveRepository(core.db);
    const nextId = monotonicIdSource(core.clock);
    api.feature(MAM, 'account');
    api.feature(SID, 'account');

    async function expiredAt(hostId: string): Promise<string | undefined> {
      return retentionCutoff(core.clock.now(), await core.directory.archiveRetentionDays(hostId));
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
      if (core.sessions.resourcesOf(owner.jid).length > 0) prefsCache.set(key, prefs);
      return prefs;
    }
    api.hook('session/closed', HookPriority.observe, ({ session }) => {
      if (core.sessions.resourcesOf(session.jid).length === 0)
        prefsCache.delete(prefsKey(session.host.id, session.username));
      return false;
    });

    // Rows are written behind delivery, batched (archive-writer.ts); a query first waits for them.
    // Each user's archive is its own range of the owner indexes, so every commit writes a page per
    // user it touches: the longer the window, the more rows share each page (npm run bench:archive).
    // Statements of 250 rows take a few milliseconds each, with the event loop turning in between.
    const writer = createArchiveWriter(repository, core.logger, {
      delayMs: api.options.writeDelayMs,
      maxQueued: 10_000,
      chunkRows: 250,
    });
    api.onUnload(() => writer.drained());

    async function isArchivedFor(owner: Owner, peer: Jid): Promise<boolean> {
      if ((await core.directory.archiveRetentionDays(owner.hostId)) === 0) return false;
      const prefs = await prefsOf(owner);
      const decision = archiveDecision(prefs, peer);
      if (decision !== 'if-in-roster') return decision === 'archive';
      return (await core.roster.get(owner.hostId, owner.username, formatBare(peer)))?.isListed === true;
    }

    async function archive(ctx: RouteContext): Promise<void> {
      const type = attr(ctx.stanza, 'type') ?? 'normal';
      if ((type !== 'chat' && type !== 'normal') || ctx.stanza.getChild('body') === undefined) return;
      // A message that bounces (no such account) is in nobody's archive.
      if (!(await core.accountExists(ctx))) return;
      const recipient = formatBare(ctx.to);
      // Only this server assigns ids in the recipient's archive (XEP-0359 §5), archived or not.
      removeStanzaIds(ctx.stanza, recipient);
      const toOwner = { hostId: ctx.host.id, username: ctx.to.local, jid: ctx.to };
      const isReceived = await isArchivedFor(toOwner, ctx.from);
      // A message to one's own account is in that archive once, as received.
      const sender = ctx.origin && !sameBare(ctx.origin.jid, ctx.to) ? ctx.origin : undefined;
      const isSent =
        sender !== undefined &&
        (await isArchivedFor({ hostId: sender.host.id, username: sender.username, jid: sender.jid }, ctx.to));
      if (!isReceived && !isSent) return;
      const id = nextId('mam');
      writer.enqueue({
        id,
        to_host_id: isReceived ? ctx.host.id : null,
        to_username: isReceived ? ctx.to.local : null,
        from_host_id: isSent ? sender.host.id : null,
        from_username: isSent ? sender.username : null,
        from_bare: formatBare(ctx.from),
        from_full: formatJid(ctx.from),
        to_bare: recipient,
        to_full: formatJid(ctx.to),
        stanza: ctx.stanza.toString(),
        created_at: core.clock.now().toISOString(),
      });
      if (isReceived) ctx.stanza.cnode(stanzaIdElement(recipient, id));
    }

    async function observe(ctx: RouteContext): Promise<boolean> {
      try {
        await archive(ctx);
      } catch (error) {
        // A failing archive must not cost the message itself: it is delivered, unarchived.
        core.logger.error({ err: error, host: ctx.host.domain }, 'could not archive a message');
      }
      return false;
    }
    api.hook('message/bare', HookPriority.observe, observe);
    api.hook('message/full', HookPriority.observe, observe);

    api.iq({ target: 'account', type: 'get', xmlns: MAM, name: 'query' }, (request) => {
      ownSession(request);
      return queryForm();
    });

    api.iq({ target: 'account', type: 'set', xmlns: MAM, name: 'query' }, async (request) => {
      const session = ownSession(request);
      const query = parseQuery(request.payload);
      await writer.drained();
      const owner = {
        hostId: session.host.id,
        username: session.username,
        expiredAt: await expiredAt(session.host.id),
      };
      const max = Math.min(query.max ?? api.options.defaultPageSize, api.options.maxPageSize);
      const { items, count, index, isComplete } = await queryArchive(repository, owner, query, max);
      const to = formatJid(session.jid);
      const from = formatBare(session.jid);
      for (const row of items) {
        const message = parseStoredElement(row.stanza);
        if (!message) continue;
        core.deliver(
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

    api.iq({ target: 'account', type: 'get', xmlns: MAM, name: 'prefs' }, async (request) => {
      const session = ownSession(request);
      return prefsElement((await repository.prefs(session.host.id, session.username)) ?? DEFAULT_PREFS);
    });

    api.iq({ target: 'account', type: 'set', xmlns: MAM, name: 'prefs' }, async (request) => {
      const session = ownSession(request);
      const prefs = parsePrefs(request.payload);
      await repository.savePrefs(session.host.id, session.username, prefs, core.clock.now().toISOString());
      prefsCache.set(prefsKey(session.host.id, session.username), prefs);
      return prefsElement(prefs);
    });
  },
});
