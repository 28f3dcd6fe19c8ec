/**
 * What a feature module is given: the narrow counterpart of Prosody's `module:` API and ejabberd's
 * gen_mod, and nothing else. A module reads its options, the server settings it needs, the
 * sessions, the rosters and its host's plan limits; it delivers and routes stanzas; and it
 * declares what it adds (hooks, IQ handlers, disco features, identities and items, storage, HTTP
 * routes, recurring jobs), all recorded so that unloading the module removes every one of them.
 *
 * There is no database here, only `storage`: a module defines its repository and is handed the
 * database to build it on, so no module reaches tables through the core.
 */
import type { FastifyPluginAsync } from 'fastify';
import type { Clock } from '../../lib/clock.js';
import type { Db } from '../../platform/db/index.js';
import type { JobScheduler, PlatformConfig } from '../../platform/index.js';
import type { Element } from '../stanza/index.js';
import type {
  DiscoIdentity,
  DiscoItemsProvider,
  DiscoRegistry,
  DiscoService,
  StreamFeature,
} from './disco-registry.js';
import type { CoreEvents, CoreNotices, RouteContext } from './events.js';
import type { HookHandler } from './hooks.js';
import type { HostRegistry } from './host-registry.js';
import type { IqHandler, IqSpec, IqTarget } from './iq-handlers.js';
import type { XmppMetrics } from './metrics.js';
import type { OptionSpecs, OptionValues } from './module-options.js';
import type { Observer } from './observers.js';
import type {
  Entitlements,
  HostDirectory,
  HostEntitlements,
  HostRecord,
  TenancyEventMap,
  XmppLogger,
} from './ports.js';
import type { RosterStore } from './roster/roster-store.js';
import type { XmppConfig } from './xmpp-options.js';
import type { Session } from './session.js';
import type { SessionRouter } from './session-router.js';
import type { StreamExtension } from './stream-extension.js';

/** Server-wide settings that modules read, as Prosody modules read global options. */
export type ModuleConfig = Readonly<
  Pick<
    PlatformConfig & XmppConfig,
    | 'bind'
    | 'contactAbuse'
    | 'contactSupport'
    | 'contactSecurity'
    | 'dataDir'
    | 'publicUrl'
    | 'uploadMaxFileBytes'
  > & {
    /** The version XEP-0092 reports: what `imhost start` runs. */
    serverVersion: string;
  }
>;

/** A recurring job on the durable scheduler (platform/jobs): one run per slot of `cron`, in one process. */
export interface ModuleJob {
  /** Unique across the product: `xmpp.<module>.<what>`. */
  name: string;
  cron: string;
  run(): Promise<void>;
}

export type ModuleJobScheduler = Pick<JobScheduler, 'define' | 'every' | 'remove'>;

/** Bytes of files a module keeps per host, which billing meters and the dashboard shows. */
export interface StorageUsage {
  /** What the host's quota counts now. */
  storedBytes(hostId: string): Promise<number>;
  /** Finished files per host id, for metering. */
  storedBytesByHost(): Promise<Map<string, number>>;
}

/**
 * What modules provide to the server (Prosody's `module:provides`), one module per name. A module
 * that offers the server something new adds its name here.
 */
export interface ModuleServices {
  'storage-usage': StorageUsage;
  'chat-rooms': ChatRooms;
}

/** A host's group chat rooms (XEP-0045), for the dashboard. */
export interface ChatRoomSummary {
  /** room@conference.<domain> */
  address: string;
  name: string;
  title: string;
  isPersistent: boolean;
  isPublic: boolean;
  occupants: number;
  lastActivityAt: string;
}

export interface ChatRooms {
  list(host: HostRecord): Promise<ChatRoomSummary[]>;
  /** Destroys the room, telling its occupants why; false when the host has no such room. */
  destroy(host: HostRecord, name: string, reason: string): Promise<boolean>;
}

/** The read side of the disco registry, for the module that answers disco requests. */
export type DiscoView = Pick<
  DiscoRegistry,
  'identitiesOf' | 'featuresOf' | 'extensionForms' | 'itemsFor' | 'revision'
>;

export interface ModuleContext<O extends OptionSpecs = OptionSpecs> {
  readonly name: string;
  /** The module's options: its defaults, overridden by the configuration (`xmppModules`). */
  readonly options: OptionValues<O>;
  readonly config: ModuleConfig;
  readonly clock: Clock;
  readonly logger: XmppLogger;
  readonly metrics: XmppMetrics;
  /** The bound sessions, to find whom to deliver to. */
  readonly sessions: SessionRouter;
  /** Rosters, which several modules share, kept by the core as Prosody's rostermanager is. */
  readonly roster: RosterStore;
  /** The hosts served here. */
  readonly hosts: Pick<HostRegistry, 'find'>;
  /** What every loaded module announces. */
  readonly disco: DiscoView;
  /** Members of the hosts: who exists, and the one change a member makes over XMPP. */
  readonly members: Pick<HostDirectory, 'memberExists' | 'changePassword'>;

  deliver(session: Session, stanza: Element): void;
  /** Routes a stanza the server itself sends (its `from` set), as a client's would be. */
  route(stanza: Element): Promise<void>;
  /** Fires a core event for the modules that handle it; true when one did. */
  fire<K extends keyof CoreEvents>(event: K, payload: CoreEvents[K]): Promise<boolean>;
  /** Whether the account a stanza is addressed to exists (online or not). */
  accountExists(ctx: RouteContext): Promise<boolean>;
  /** An IQ from the server to a session; rejects with IqTimeoutError when the clock passes the timeout. */
  request(session: Session, type: 'get' | 'set', payload: Element, timeoutMs: number): Promise<Element>;
  /** One limit of the host's plan; every limit is read this way. */
  entitlement<K extends keyof Entitlements>(hostId: string, key: K): Promise<Entitlements[K]>;
  /** Every host on a plan with its limits. */
  listEntitlements(): Promise<HostEntitlements[]>;

  // ---- declarations, each removed when the module is unloaded --------------------------------

  hook<K extends keyof CoreEvents>(event: K, priority: number, handler: HookHandler<CoreEvents[K]>): void;
  observe<K extends keyof CoreNotices>(event: K, observer: Observer<CoreNotices[K]>): void;
  iq(spec: IqSpec, handler: IqHandler): void;
  feature(feature: string, target?: IqTarget): void;
  /** An identity disco#info shows besides the server's own (XEP-0030 §3.1); host by default. */
  identity(identity: DiscoIdentity, target?: IqTarget): void;
  /** A XEP-0128 form in the host's disco#info. */
  discoForm(form: Element): void;
  /** Items this module lists in the disco#items of the host or of an account. */
  items(target: IqTarget, provider: DiscoItemsProvider): void;
  /** A service at `<label>.<domain>` of every host, listed among the host's disco#items. */
  service(service: DiscoService): void;
  /** A stream feature offered after authentication; a function makes it anew for each stream. */
  streamFeature(feature: StreamFeature): void;
  /** Elements of a namespace at the top level of client streams (XEP-0198), see stream-extension.ts. */
  streamExtension(extension: StreamExtension): void;
  /**
   * Takes the stanzas routed to `domain` (a XEP-0114 component while it is connected); the
   * returned function gives the domain back, which the module must call (at the latest in
   * `onUnload`).
   */
  attachDomain(domain: string, deliver: (stanza: Element) => void): () => void;
  /** The module's own repository, built on the database the context hands it. */
  storage<R>(open: (db: Db) => R): R;
  /** HTTP routes the server mounts on its HTTP port; unloaded, they answer 404. */
  http(routes: FastifyPluginAsync): void;
  /** A recurring job, registered with the durable scheduler when the server has one. */
  job(job: ModuleJob): void;
  onTenancy<K extends keyof TenancyEventMap>(event: K, listener: (payload: TenancyEventMap[K]) => void): void;
  provide<K extends keyof ModuleServices>(name: K, service: ModuleServices[K]): void;
  /** Work the server awaits when it starts, before it accepts connections (catching up after a restart). */
  onStart(task: () => Promise<void>): void;
  /**
   * Runs when the module is unloaded or the server stops (timers, writes still queued). Stopping
   * waits for a returned promise.
   */
  onUnload(cleanup: () => void | Promise<void>): void;
}
