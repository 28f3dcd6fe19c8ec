/**
 * The module test kit: one XMPP module (and the modules it requires) on an in-memory core, with
 * sessions that are plain objects, no sockets and, unless a test hands it one, no database. A
 * test sends stanzas as a connected client would and reads what each session was delivered; the
 * clock is simulated, the scheduler and the tenancy events are fakes a test can drive.
 *
 *   const kit = createModuleKit({ modules: [pingModule] });
 *   const alice = await kit.connect('alice@example.test/phone');
 *   const reply = await kit.iq(alice, "<ping xmlns='urn:xmpp:ping'/>", { to: 'example.test' });
 */
import { SimulatedClock } from '../../src/lib/clock.js';
import type { Db } from '../../src/platform/db/index.js';
import {
  acceptClientStanza,
  createLocalSessionRouter,
  createXmppMetrics,
  ModuleManager,
  orderModules,
  XmppCore,
  type ConfiguredOptions,
  type Entitlements,
  type HostDirectory,
  type HostRecord,
  type ModuleConfig,
  type ModuleJobScheduler,
  type Session,
  type TenancyEventMap,
  type TenancyEvents,
  type XmppModule,
} from '../../src/xmpp/core/index.js';
import { xmppModules } from '../../src/xmpp/modules/index.js';
import {
  attr,
  jid as makeJid,
  parseJid,
  parseStoredElement,
  type StreamError,
  xml,
  type Element,
} from '../../src/xmpp/stanza/index.js';

export interface ModuleKitOptions {
  /** The modules under test; the modules they require are added from the registry. */
  modules: readonly XmppModule[];
  /** Per module, option values as the `xmppModules` setting gives them. */
  options?: ConfiguredOptions;
  /** The served domains; the first is the default host. */
  domains?: readonly string[];
  /** Accounts that exist without being connected (`user@domain`); connected ones exist anyway. */
  members?: readonly string[];
  /** The plan limits of every host (default: none). */
  entitlements?: Partial<Entitlements>;
  config?: Partial<ModuleConfig>;
  /** For modules whose storage a test exercises; without it, any query fails with a clear error. */
  db?: Db;
  /** Where required modules are looked up (default: every registered module). */
  registry?: readonly XmppModule[];
}

/** A bound session whose deliveries the test reads. */
export interface KitSession extends Session {
  /** Everything delivered to it, in order. */
  readonly received: Element[];
  /** What was delivered since the last call (or since it connected). */
  take(): Element[];
  readonly closedWith: StreamError | undefined;
  readonly isClosed: boolean;
}

/** The durable scheduler as a module sees it; `run` does what one slot of the job would. */
export interface KitJobs extends ModuleJobScheduler {
  readonly crons: ReadonlyMap<string, string>;
  run(name: string): Promise<void>;
}

/** A module of the registry by name, for tests outside its folder. */
export function registeredModule(name: string): XmppModule {
  const module = xmppModules.find((m) => m.name === name);
  if (!module) throw new Error(`no registered module named ${name}`);
  return module;
}

/** Required modules first, the way the server would order them. */
function withRequirements(modules: readonly XmppModule[], registry: readonly XmppModule[]): XmppModule[] {
  const all = new Map(modules.map((m) => [m.name, m]));
  const pending = [...modules];
  while (pending.length > 0)
    for (const name of pending.pop()!.requires ?? []) {
      if (all.has(name)) continue;
      const required = registry.find((m) => m.name === name);
      if (!required) throw new Error(`no registered module named ${name}`);
      all.set(name, required);
      pending.push(required);
    }
  return orderModules([...all.values()]);
}

function noDatabase(): Db {
  return new Proxy({} as Db, {
    get() {
      throw new Error('this module test uses storage: pass a database to createModuleKit({ db })');
    },
  });
}

function fakeJobs(): KitJobs {
  const handlers = new Map<string, () => Promise<void>>();
  const crons = new Map<string, string>();
  return {
    crons,
    define: (name, handler) => {
      if (handlers.has(name)) throw new Error(`job ${name} is already defined`);
      handlers.set(name, () =>
        handler(undefined as never, { id: 'job_kit', name, attempt: 1, maxAttempts: 1 }),
      );
    },
    every: (name, cron) => void crons.set(name, cron),
    remove: (name) => {
      handlers.delete(name);
      crons.delete(name);
    },
    async run(name) {
      const handler = handlers.get(name);
      if (!handler) throw new Error(`no job ${name} is defined`);
      await handler();
    },
  };
}

function fakeTenancyEvents() {
  const listeners = new Map<string, Set<(payload: never) => void>>();
  const events: TenancyEvents & {
    emit<K extends keyof TenancyEventMap>(event: K, payload: TenancyEventMap[K]): void;
  } = {
    on(event, listener) {
      const set = listeners.get(event) ?? new Set();
      set.add(listener as (payload: never) => void);
      listeners.set(event, set);
      return () => void set.delete(listener as (payload: never) => void);
    },
    emit(event, payload) {
      for (const listener of listeners.get(event) ?? []) (listener as (p: typeof payload) => void)(payload);
    },
  };
  return events;
}

let iqCounter = 0;

export function createModuleKit(options: ModuleKitOptions) {
  const clock = new SimulatedClock(new Date('2026-01-15T10:00:00Z'));
  const domains = options.domains ?? ['example.test'];
  const hosts = new Map<string, HostRecord>(
    domains.map((domain, index) => [
      domain,
      { id: `host_${index + 1}`, domain, status: 'active', statusReason: null, customerId: 'cus_kit' },
    ]),
  );
  const members = new Set<string>(options.members ?? []);
  const entitlements: Entitlements = {
    archiveRetentionDays: null,
    uploadQuotaMb: null,
    pepStorageKb: null,
    maxRooms: null,
    maxRoomOccupants: null,
    ...options.entitlements,
  };
  const passwords = new Map<string, string>();
  const domainOf = (hostId: string) => [...hosts.values()].find((h) => h.id === hostId)?.domain;
  const directory: HostDirectory = {
    findHostByDomain: async (domain) => hosts.get(domain) ?? null,
    getCredentials: async () => null,
    recordLogin: async () => {},
    recordActivity: async () => {},
    memberExists: async (hostId, username) => members.has(`${username}@${domainOf(hostId)}`),
    changePassword: async (hostId, username, password) =>
      void passwords.set(`${username}@${domainOf(hostId)}`, password),
    entitlements: async () => entitlements,
    listEntitlements: async () => [...hosts.values()].map((host) => ({ hostId: host.id, entitlements })),
  };
  const silent = { debug() {}, info() {}, warn() {}, error() {} };
  const db = options.db ?? noDatabase();
  const core = new XmppCore({
    directory,
    sessions: createLocalSessionRouter(),
    db,
    clock,
    logger: silent,
    metrics: createXmppMetrics(undefined),
  });
  const jobs = fakeJobs();
  const tenancy = fakeTenancyEvents();
  const modules = new ModuleManager({
    core,
    config: {
      bind: '127.0.0.1',
      contactAbuse: undefined,
      contactSupport: undefined,
      contactSecurity: undefined,
      dataDir: '/nonexistent/imhost-kit',
      publicUrl: 'http://imhost.test',
      uploadMaxFileBytes: 1_000_000,
      serverVersion: '0.0.0-kit',
      ...options.config,
    },
    db,
    jobs,
    tenancyEvents: tenancy,
  });
  modules.loadAll(withRequirements(options.modules, options.registry ?? xmppModules), options.options);

  function sessionFor(fullJid: string): KitSession {
    const address = parseJid(fullJid);
    const host = hosts.get(address.domain);
    if (!host) throw new Error(`${address.domain} is not one of the kit's domains`);
    const jid = address.resource ? address : makeJid(address.local, address.domain, `kit${++iqCounter}`);
    let taken = 0;
    const session: KitSession = {
      id: `sess_${fullJid}`,
      host,
      jid,
      username: jid.local,
      remoteAddress: '127.0.0.1',
      boundAtMs: 0,
      presence: null,
      priority: 0,
      isInterested: false,
      directedPresence: new Set(),
      received: [],
      closedWith: undefined,
      isClosed: false,
      send(stanza) {
        if (!this.isClosed) this.received.push(stanza);
      },
      close(error) {
        if (this.isClosed) return;
        Object.assign(this, { isClosed: true, closedWith: error });
        void disconnect(this);
      },
      take() {
        const since = this.received.slice(taken);
        taken = this.received.length;
        return since;
      },
    };
    return session;
  }

  async function disconnect(session: KitSession): Promise<void> {
    Object.assign(session, { isClosed: true });
    core.sessions.remove(session);
    core.iqRequests.cancelFor(session);
    await core.hooks.fire('session/closed', { session });
  }

  const toElement = (stanza: Element | string) => {
    if (typeof stanza !== 'string') return stanza;
    const element = parseStoredElement(stanza);
    if (!element) throw new Error(`not XML: ${stanza}`);
    return element;
  };

  /** Sends a stanza from the session's client and resolves once the server has handled it. */
  async function send(session: KitSession, stanza: Element | string): Promise<void> {
    const element = toElement(stanza);
    const reply = acceptClientStanza(element, session);
    if (reply) session.send(reply);
    else await core.route(element, session);
  }

  return {
    core,
    modules,
    clock,
    jobs,
    tenancy,
    /** New passwords set in band, by `user@domain`. */
    passwords,
    host(domain = domains[0]!): HostRecord {
      return hosts.get(domain)!;
    },

    /**
     * A bound session for `user@domain/resource` (a resource is made up if none is given), as
     * after resource binding; `presence` makes it available without a presence module.
     */
    async connect(fullJid: string, state: { presence?: Element | string; priority?: number } = {}) {
      const session = sessionFor(fullJid);
      members.add(`${session.username}@${session.host.domain}`);
      core.sessions.add(session);
      if (state.presence !== undefined) session.presence = toElement(state.presence);
      session.priority = state.priority ?? 0;
      await core.hooks.fire('session/bound', { session });
      return session;
    },

    /** The session goes away, as when its connection drops. */
    disconnect,

    send,

    /** Sends an IQ with this payload and resolves with the reply the session got. */
    async iq(
      session: KitSession,
      payload: Element | string,
      attrs: { to?: string; type?: 'get' | 'set' } = {},
    ): Promise<Element> {
      const id = `kit-${++iqCounter}`;
      const iq = xml(
        'iq',
        { id, type: attrs.type ?? 'get', ...(attrs.to && { to: attrs.to }) },
        toElement(payload),
      );
      await send(session, iq);
      const reply = session.received.find((e) => e.name === 'iq' && attr(e, 'id') === id);
      if (!reply)
        throw new Error(`no reply to ${iq.toString()}; the session got ${session.received.join('\n')}`);
      return reply;
    },

    /**
     * Resolves once the work already started has finished: what a handler does after its promises
     * settle (a ping's timeout, a reply that schedules the next step). One turn of the event loop,
     * not a timer: every microtask queued so far has run.
     */
    settle: () => new Promise<void>((resolve) => setImmediate(resolve)),

    /** Unloads every module, as the server does when it stops. */
    close: () => modules.unloadAll(),
  };
}

export type ModuleKit = ReturnType<typeof createModuleKit>;
