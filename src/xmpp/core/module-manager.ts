/**
 * Feature modules, shaped like ejabberd's gen_mod and Prosody's mod_*: a manifest (name, XEPs with
 * versions, typed options with defaults and bounds) and a `setup` that only registers hooks, IQ
 * handlers, disco identities and features, and stream features. The manager records every registration, so
 * unloading a module removes them all, and the compliance table is read off the manifests.
 */
import type { Element } from '../stanza/index.js';
import type { DiscoIdentity, DiscoService } from './disco-registry.js';
import type { CoreEvents } from './events.js';
import type { HookHandler } from './hooks.js';
import type { IqHandler, IqSpec, IqTarget } from './iq-handlers.js';
import type { XmppCore } from './xmpp-core.js';

export interface NumericOption {
  default: number;
  min: number;
  max: number;
  description: string;
}

export type OptionSpecs = Record<string, NumericOption>;
export type OptionValues<O extends OptionSpecs> = { readonly [K in keyof O]: number };

export interface XepClaim {
  /** e.g. `XEP-0199` or `RFC 6121`. */
  spec: string;
  version: string;
  note?: string;
}

export interface ModuleApi<O extends OptionSpecs> {
  readonly options: OptionValues<O>;
  readonly core: XmppCore;
  hook<K extends keyof CoreEvents>(event: K, priority: number, handler: HookHandler<CoreEvents[K]>): void;
  iq(spec: IqSpec, handler: IqHandler): void;
  feature(feature: string, target?: IqTarget): void;
  /** An identity disco#info shows besides the server's own (XEP-0030 §3.1); host by default. */
  identity(identity: DiscoIdentity, target?: IqTarget): void;
  discoForm(form: Element): void;
  /** A service at `<label>.<domain>` of every host, listed in the host's disco#items. */
  service(service: DiscoService): void;
  streamFeature(feature: Element): void;
  /**
   * Runs when the module is unloaded or the server stops (timers, listeners outside the core, writes
   * still queued). Stopping waits for a returned promise.
   */
  onUnload(cleanup: () => void | Promise<void>): void;
}

export interface XmppModule<O extends OptionSpecs = OptionSpecs> {
  name: string;
  implements: readonly XepClaim[];
  options: O;
  setup(api: ModuleApi<O>): void;
}

export function defineModule<O extends OptionSpecs>(module: XmppModule<O>): XmppModule<O> {
  return module;
}

export class ModuleOptionError extends Error {
  override name = 'ModuleOptionError';
}

function resolveOptions<O extends OptionSpecs>(
  module: XmppModule<O>,
  overrides: Record<string, number> = {},
): OptionValues<O> {
  const values: Record<string, number> = {};
  for (const [key, spec] of Object.entries(module.options)) {
    const value = overrides[key] ?? spec.default;
    if (!Number.isFinite(value) || value < spec.min || value > spec.max)
      throw new ModuleOptionError(`${module.name}.${key} must be between ${spec.min} and ${spec.max}`);
    values[key] = value;
  }
  for (const key of Object.keys(overrides))
    if (!(key in module.options)) throw new ModuleOptionError(`${module.name} has no option ${key}`);
  return values as OptionValues<O>;
}

export class ModuleManager {
  private readonly loaded = new Map<string, { module: XmppModule; undo: (() => void | Promise<void>)[] }>();

  constructor(private readonly core: XmppCore) {}

  load<O extends OptionSpecs>(module: XmppModule<O>, overrides?: Record<string, number>): void {
    if (this.loaded.has(module.name)) throw new Error(`module ${module.name} is already loaded`);
    const undo: (() => void | Promise<void>)[] = [];
    const core = this.core;
    const api: ModuleApi<O> = {
      options: resolveOptions(module, overrides),
      core,
      hook: (event, priority, handler) => void undo.push(core.hooks.on(event, priority, handler)),
      iq: (spec, handler) => void undo.push(core.iqHandlers.register(spec, handler)),
      feature: (feature, target = 'host') => void undo.push(core.disco.addFeature(target, feature)),
      identity: (identity, target = 'host') => void undo.push(core.disco.addIdentity(target, identity)),
      discoForm: (form) => void undo.push(core.disco.addForm(form)),
      service: (service) => void undo.push(core.disco.addService(service)),
      streamFeature: (feature) => void undo.push(core.disco.addStreamFeature(feature)),
      onUnload: (cleanup) => void undo.push(cleanup),
    };
    module.setup(api);
    this.loaded.set(module.name, { module: module as unknown as XmppModule, undo });
  }

  /** Undoes what the module registered, last first; resolves when its clean-ups have finished. */
  async unload(name: string): Promise<void> {
    const entry = this.loaded.get(name);
    if (!entry) return;
    this.loaded.delete(name);
    const pending: Promise<void>[] = [];
    for (const undo of entry.undo.reverse()) {
      const result = undo();
      if (result) pending.push(result);
    }
    await Promise.all(pending);
  }

  async unloadAll(): Promise<void> {
    for (const name of [...this.loaded.keys()].reverse()) await this.unload(name);
  }

  /** The compliance table: which module implements which specification, in which version. */
  compliance(): { module: string; spec: string; version: string; note?: string }[] {
    return [...this.loaded.values()].flatMap(({ module }) =>
      module.implements.map((claim) => ({ module: module.name, ...claim })),
    );
  }
}
