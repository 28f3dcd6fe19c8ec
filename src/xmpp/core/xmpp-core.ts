/**
 * The core every transport and module shares: hooks, sessions, IQ dispatch and the stanza router.
 * `route` is the single entry for stanzas from clients and from the server itself (RFC 6120 §10,
 * RFC 6121 §8): it checks addressing, then fires `<kind>/<full|bare|host>` for the modules, and
 * tells observers of each message it routed. The database is the roster store's alone: modules
 * get theirs through their context (module-context.ts), never from the core.
 */
import type { Clock } from '../../lib/clock.js';
import type { Db } from '../../platform/db/index.js';
import {
  attr,
  bareOf,
  canBounce,
  errorReply,
  formatJid,
  sameBare,
  StanzaError,
  tryParseJid,
  type Element,
  type Jid,
} from '../stanza/index.js';
import { DiscoRegistry, type DiscoService } from './disco-registry.js';
import type { CoreEvents, CoreNotices, RouteContext, RouteEvent } from './events.js';
import { HookPriority, Hooks } from './hooks.js';
import { createHostRegistry, type HostRegistry } from './host-registry.js';
import { IqHandlers } from './iq-handlers.js';
import { IqRequests } from './iq-requests.js';
import type { XmppMetrics } from './metrics.js';
import { Observers } from './observers.js';
import type { HostDirectory, XmppLogger } from './ports.js';
import { createRosterStore, type RosterStore } from './roster/roster-store.js';
import type { Session } from './session.js';
import type { SessionRouter } from './session-router.js';
import { StreamExtensions } from './stream-extension.js';
import { ThrottledLog } from './throttled-log.js';

export interface XmppCoreDeps {
  directory: HostDirectory;
  sessions: SessionRouter;
  /** For the roster store only. */
  db: Db;
  clock: Clock;
  logger: XmppLogger;
  metrics: XmppMetrics;
}

export class XmppCore {
  readonly hooks = new Hooks<CoreEvents>();
  readonly observers = new Observers<CoreNotices>();
  readonly iqHandlers = new IqHandlers();
  readonly iqRequests: IqRequests;
  readonly disco = new DiscoRegistry();
  readonly streamExtensions = new StreamExtensions();
  /**
   * Domains that no host serves but something attached to the server does (XEP-0114 components):
   * stanzas to them, from anyone local, are handed to it as they are.
   */
  readonly attachedDomains = new Map<string, (stanza: Element) => void>();
  readonly hosts: HostRegistry;
  readonly directory: HostDirectory;
  readonly sessions: SessionRouter;
  readonly roster: RosterStore;
  readonly clock: Clock;
  readonly logger: XmppLogger;
  /** For lines a client can cause, one per connection: an outsider must not set our log volume. */
  readonly throttledLog: ThrottledLog;
  readonly metrics: XmppMetrics;

  constructor(deps: XmppCoreDeps) {
    this.iqRequests = new IqRequests(deps.clock);
    this.directory = deps.directory;
    this.sessions = deps.sessions;
    this.clock = deps.clock;
    this.logger = deps.logger;
    this.throttledLog = new ThrottledLog(deps.logger, deps.clock);
    this.metrics = deps.metrics;
    this.hosts = createHostRegistry(deps.directory);
    this.roster = createRosterStore(deps.db, deps.clock);
    this.installDefaults();
  }

  /** Routes a stanza; `origin` is the local session that sent it (its `from` is already stamped). */
  async route(stanza: Element, origin?: Session): Promise<void> {
    // Latency is a duration, read from the monotonic timer: a simulated clock stands still while
    // a stanza is routed, so it would say every delivery took no time.
    const startedMs = performance.now();
    const from = origin ? origin.jid : tryParseJid(attr(stanza, 'from') ?? '');
    if (!from) return;
    const toAttr = attr(stanza, 'to');
    let to: Jid;
    if (toAttr === undefined) {
      if (!origin) return;
      if (stanza.name === 'presence') {
        await this.hooks.fire('presence/broadcast', { session: origin, stanza });
        return;
      }
      // RFC 6120 §10.3: no `to` means the sender's own account.
      to = bareOf(origin.jid);
    } else {
      const parsed = tryParseJid(toAttr);
      if (!parsed) return this.bounce(stanza, new StanzaError('jid-malformed'), origin);
      to = parsed;
    }
    const attached = this.attachedDomains.get(to.domain);
    if (attached) return attached(stanza);
    let host = await this.hosts.find(to.domain);
    let service: DiscoService | undefined;
    if (!host) {
      const address = this.disco.serviceAt(to.domain);
      if (address) {
        service = address.service;
        host = await this.hosts.find(address.hostDomain);
      }
    }
    if (!host || host.status === 'terminated')
      return this.bounce(
        stanza,
        new StanzaError('remote-server-not-found', { text: 'federation is not enabled on this server' }),
        origin,
      );
    if (host.status === 'suspended')
      return this.bounce(
        stanza,
        new StanzaError('service-unavailable', { text: 'this service is suspended' }),
        origin,
      );
    // A service has no accounts: `someone@upload.<domain>` is nobody, unless it hosts entities.
    if (service && !service.isEntityHost && to.local !== '')
      return this.bounce(stanza, new StanzaError('service-unavailable'), origin);
    const kind = service?.isEntityHost
      ? 'service'
      : to.local === ''
        ? 'host'
        : to.resource === ''
          ? 'bare'
          : 'full';
    const event = `${stanza.name}/${kind}` as RouteEvent;
    const ctx: RouteContext = { stanza, from, to, host, origin, service };
    try {
      const isHandled = await this.hooks.fire(event, ctx);
      if (isHandled && stanza.name === 'message') {
        this.observers.notify('message/routed', ctx);
        this.observers.notify('message/delivered', { host, latencyMs: performance.now() - startedMs });
      }
    } catch (error) {
      if (!(error instanceof StanzaError)) throw error;
      await this.bounce(stanza, error, origin);
    }
  }

  /**
   * Sends the error reply to a stanza back to its sender, unless it was an error itself. A local
   * sender gets it on its own stream: the reply must not pass the filters its stanza failed.
   */
  async bounce(stanza: Element, error: StanzaError, origin?: Session): Promise<void> {
    if (!canBounce(stanza) || attr(stanza, 'from') === undefined) return;
    const reply = errorReply(stanza, error);
    if (origin) this.deliver(origin, reply);
    else await this.route(reply);
  }

  deliver(session: Session, stanza: Element): void {
    session.send(stanza);
    this.metrics.stanzaOut(session.host.domain);
  }

  /** The account a stanza is addressed to exists here (bare JIDs of unknown users get errors). */
  async accountExists(ctx: RouteContext): Promise<boolean> {
    if (this.sessions.resourcesOf(ctx.to).length > 0) return true;
    return this.directory.memberExists(ctx.host.id, ctx.to.local);
  }

  private installDefaults(): void {
    const answer = (target: 'host' | 'account') => async (ctx: RouteContext) => {
      const type = attr(ctx.stanza, 'type');
      if (type === 'result' || type === 'error') {
        if (target === 'host') this.iqRequests.settle(formatJid(ctx.from), ctx.stanza);
        return true;
      }
      const isSelf = ctx.origin !== undefined && sameBare(ctx.origin.jid, ctx.to);
      if (target === 'account' && !isSelf && !(await this.accountExists(ctx))) {
        await this.bounce(ctx.stanza, new StanzaError('service-unavailable'));
        return true;
      }
      const reply = await this.iqHandlers.answer(target, ctx);
      // A client's IQ to its own server or account is answered on its own stream; that also covers
      // IQs without `to`, whose reply has no `from` (RFC 6120 §8.1.2.1).
      if (ctx.origin) this.deliver(ctx.origin, reply);
      else await this.route(reply);
      return true;
    };
    this.hooks.on('iq/host', HookPriority.handle, answer('host'));
    this.hooks.on('iq/bare', HookPriority.handle, answer('account'));
    this.hooks.on('iq/full', HookPriority.handle, async (ctx) => {
      const session = this.sessions.byFullJid(ctx.to);
      if (session) this.deliver(session, ctx.stanza);
      else {
        const type = attr(ctx.stanza, 'type');
        if (type === 'get' || type === 'set')
          await this.bounce(ctx.stanza, new StanzaError('service-unavailable'));
      }
      return true;
    });
  }
}
