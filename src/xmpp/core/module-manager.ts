/**
 * Feature modules, shaped like ejabberd's gen_mod and Prosody's mod_*: a manifest (name, XEPs with
 * versions, dependencies, typed options with defaults and bounds) and a `setup` that only declares,
 * through its context (module-context.ts). The manager orders modules by their dependencies, checks
 * every option before any module loads, records each declaration so that unloading a module
 * removes them all, and reads the compliance table off the manifests.
 */
import type { FastifyPluginAsync } from 'fastify';
import type { Db } from '../../platform/db/index.js';
import type {
  ModuleConfig,
  ModuleContext,
  ModuleJob,
  ModuleJobScheduler,
  ModuleServices,
} from './module-context.js';
import { ModuleOptionError, resolveOptions, type OptionSpecs, type OptionValues } from './module-options.js';
import { ModuleDependencyError, orderModules } from './module-order.js';
import type { TenancyEvents } from './ports.js';
import type { XmppCore } from './xmpp-core.js';

export interface XepClaim {
  /** e.g. `XEP-0199` or `RFC 6121`. */
  spec: string;
  version: string;
  note?: string;
}

export interface XmppModule<O extends OptionSpecs = OptionSpecs> {
  name: string;
  implements: readonly XepClaim[];
  /** Modules this one cannot work without: they must be loaded, and load first. */
  requires?: readonly string[];
  /** Modules this one loads after when they are loaded, so its hooks of equal priority run after theirs. */
  after?: readonly string[];
  options: O;
  setup(ctx: ModuleContext<O>): void;
}

export function defineModule<O extends OptionSpecs>(module: XmppModule<O>): XmppModule<O> {
  return module;
}

/** Per module name, its option values as the operator wrote them (the `xmppModules` setting). */
export type ConfiguredOptions = Readonly<Record<string, Readonly<Record<string, unknown>>>>;

/** What the manager hands the modules' contexts besides the core. */
export interface ModuleEnvironment {
  core: XmppCore;
  config: ModuleConfig;
  /** The database module repositories are built on; unit tests of modules without storage omit it. */
  db?: Db;
  /** The durable scheduler; without one, module jobs are recorded but never run. */
  jobs?: ModuleJobScheduler;
  tenancyEvents?: TenancyEvents;
}

/** A module's HTTP routes; `isLoaded` turns false when the module is unloaded. */
export interface ModuleRoutes {
  module: string;
  plugin: FastifyPluginAsync;
  isLoaded(): boolean;
}

interface Loaded {
  module: XmppModule;
  undo: (() => void | Promise<void>)[];
  startTasks: (() => Promise<void>)[];
  routes: FastifyPluginAsync[];
  jobs: ModuleJob[];
}

export class ModuleManager {
  private readonly loaded = new Map<string, Loaded>();
  private readonly provided = new Map<keyof ModuleServices, ModuleServices[keyof ModuleServices]>();

  constructor(private readonly env: ModuleEnvironment) {}

  /**
   * Loads the modules in an order their dependencies allow, with the configured options. Every
   * option and dependency is checked first: a mistake loads nothing.
   */
  loadAll(modules: readonly XmppModule[], configured: ConfiguredOptions = {}): void {
    const names = modules.map((m) => m.name);
    for (const name of Object.keys(configured))
      if (!names.includes(name))
        throw new ModuleOptionError(name, `is not an XMPP module (the modules: ${names.join(', ')})`);
    const ordered = orderModules(modules);
    const options = ordered.map((m) => resolveOptions(m.name, m.options, configured[m.name]));
    ordered.forEach((module, index) => this.setUp(module, options[index]!));
  }

  /** Loads one module, whose requirements must be loaded already. */
  load<O extends OptionSpecs>(module: XmppModule<O>, configured?: Readonly<Record<string, unknown>>): void {
    this.setUp(module, resolveOptions(module.name, module.options, configured));
  }

  /** Undoes what the module declared, last first; resolves when its clean-ups have finished. */
  async unload(name: string): Promise<void> {
    const entry = this.loaded.get(name);
    if (!entry) return;
    const dependents = [...this.loaded.values()].filter((e) => e.module.requires?.includes(name));
    if (dependents.length > 0)
      throw new ModuleDependencyError(
        `module ${name} is required by ${dependents.map((e) => e.module.name).join(', ')}`,
      );
    this.loaded.delete(name);
    await Promise.all(entry.undo.reverse().map((undo) => undo()));
  }

  async unloadAll(): Promise<void> {
    for (const name of [...this.loaded.keys()].reverse()) await this.unload(name);
  }

  /** Runs the modules' start-up work, in load order. */
  async start(): Promise<void> {
    for (const entry of [...this.loaded.values()]) for (const task of entry.startTasks) await task();
  }

  isLoaded(name: string): boolean {
    return this.loaded.has(name);
  }

  /** The HTTP routes of every module loaded so far, for the server to mount. */
  httpRoutes(): ModuleRoutes[] {
    return [...this.loaded.values()].flatMap((entry) =>
      entry.routes.map((plugin) => ({
        module: entry.module.name,
        plugin,
        isLoaded: () => this.loaded.get(entry.module.name) === entry,
      })),
    );
  }

  /** The jobs loaded modules declared. */
  jobs(): ModuleJob[] {
    return [...this.loaded.values()].flatMap((entry) => entry.jobs);
  }

  /** What a loaded module provides under this name, if one does. */
  service<K extends keyof ModuleServices>(name: K): ModuleServices[K] | undefined {
    return this.provided.get(name) as ModuleServices[K] | undefined;
  }

  /** The compliance table: which module implements which specification, in which version. */
  compliance(): (XepClaim & { module: string })[] {
    return [...this.loaded.values()].flatMap(({ module }) =>
      module.implements.map((claim) => ({ module: module.name, ...claim })),
    );
  }

  private setUp<O extends OptionSpecs>(module: XmppModule<O>, options: OptionValues<O>): void {
    if (this.loaded.has(module.name))
      throw new ModuleDependencyError(`module ${module.name} is already loaded`);
    for (const required of module.requires ?? [])
      if (!this.loaded.has(required))
        throw new ModuleDependencyError(`module ${module.name} requires ${required}, which is not loaded`);
    const entry: Loaded = {
      module: module as unknown as XmppModule,
      undo: [],
      startTasks: [],
      routes: [],
      jobs: [],
    };
    try {
      module.setup(this.contextFor(module.name, options, entry));
    } catch (error) {
      for (const undo of entry.undo.reverse()) void undo();
      throw error;
    }
    this.loaded.set(module.name, entry);
  }

  private contextFor<O extends OptionSpecs>(
    name: string,
    options: OptionValues<O>,
    entry: Loaded,
  ): ModuleContext<O> {
    const { core, db, jobs, tenancyEvents } = this.env;
    const { disco } = core;
    const record = (undo: () => void | Promise<void>) => void entry.undo.push(undo);
    return {
      name,
      options,
      config: this.env.config,
      clock: core.clock,
      logger: core.logger,
      metrics: core.metrics,
      sessions: core.sessions,
      roster: core.roster,
      hosts: core.hosts,
      disco,
      members: core.directory,
      deliver: (session, stanza) => core.deliver(session, stanza),
      route: (stanza) => core.route(stanza),
      fire: (event, payload) => core.hooks.fire(event, payload),
      accountExists: (ctx) => core.accountExists(ctx),
      request: (session, type, payload, timeoutMs) =>
        core.iqRequests.request(session, type, payload, timeoutMs),
      entitlement: async (hostId, key) => (await core.directory.entitlements(hostId))[key],
      listEntitlements: () => core.directory.listEntitlements(),

      hook: (event, priority, handler) => record(core.hooks.on(event, priority, handler)),
      observe: (event, observer) => record(core.observers.on(event, observer)),
      iq: (spec, handler) => record(core.iqHandlers.register(spec, handler)),
      feature: (feature, target = 'host') => record(disco.addFeature(target, feature)),
      identity: (identity, target = 'host') => record(disco.addIdentity(target, identity)),
      discoForm: (form) => record(disco.addForm(form)),
      items: (target, provider) => record(disco.addItems(target, provider)),
      service: (service) => {
        record(disco.addService(service));
        // Listed under each host, except at an address that is a host of its own (a customer's).
        record(
          disco.addItems('host', async ({ host, payload }) => {
            const jid = `${service.label}.${host.domain}`;
            if (payload.attrs.node !== undefined || (await core.hosts.find(jid))) return [];
            return [service.identity.name ? { jid, name: service.identity.name } : { jid }];
          }),
        );
      },
      streamFeature: (feature) => record(disco.addStreamFeature(feature)),
      streamExtension: (extension) => record(core.streamExtensions.register(extension)),
      attachDomain: (domain, deliver) => {
        if (core.attachedDomains.has(domain)) throw new Error(`${domain} is attached already`);
        core.attachedDomains.set(domain, deliver);
        // Not recorded: a component comes and goes many times; the module detaches what it
        // attached, and closes its connections when it is unloaded.
        return () => {
          if (core.attachedDomains.get(domain) === deliver) core.attachedDomains.delete(domain);
        };
      },
      storage: (open) => {
        if (!db) throw new Error(`module ${name} keeps data, but no database was given to the modules`);
        return open(db);
      },
      http: (routes) => void entry.routes.push(routes),
      job: (job) => {
        entry.jobs.push(job);
        if (!jobs) return;
        jobs.define(job.name, () => job.run());
        jobs.every(job.name, job.cron);
        record(() => jobs.remove(job.name));
      },
      onTenancy: (event, listener) => {
        if (tenancyEvents) record(tenancyEvents.on(event, listener));
      },
      provide: (service, implementation) => {
        if (this.provided.has(service)) throw new ModuleDependencyError(`two modules provide ${service}`);
        this.provided.set(service, implementation);
        record(() => void this.provided.delete(service));
      },
      onStart: (task) => void entry.startTasks.push(task),
      onUnload: (cleanup) => record(cleanup),
    };
  }
}
