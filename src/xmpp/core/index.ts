export { XmppCore, type XmppCoreDeps } from './xmpp-core.js';
export { HookPriority, Hooks, type HookHandler } from './hooks.js';
export type {
  CoreEvents,
  CoreNotices,
  RouteContext,
  SessionEvent,
  PresenceBroadcastEvent,
  AvatarEvent,
} from './events.js';
export { Observers, type Observer } from './observers.js';
export { isAvailable, type Session } from './session.js';
export { createLocalSessionRouter, type SessionRouter } from './session-router.js';
export type { HostRegistry } from './host-registry.js';
export type {
  Entitlements,
  HostEntitlements,
  HostDirectory,
  HostRecord,
  HostStatus,
  MemberCredentials,
  TenancyPort,
  TenancyEvents,
  TenancyEventMap,
  XmppLogger,
  CounterFactory,
  UsageBatch,
  UsageReport,
  UsageSink,
  ActivitySink,
  HostActivityBatch,
} from './ports.js';
export { createXmppMetrics, type XmppMetrics } from './metrics.js';
export {
  IqHandlers,
  resultOf,
  errorOf,
  type IqHandler,
  type IqRequest,
  type IqSpec,
  type IqTarget,
  ownSession,
} from './iq-handlers.js';
export { IqTimeoutError } from './iq-requests.js';
export { startClockTimer } from './clock-timer.js';
export {
  serviceFeatures,
  type DiscoIdentity,
  type DiscoItem,
  type DiscoItemsProvider,
  type DiscoService,
  type StreamFeature,
} from './disco-registry.js';
export {
  defineModule,
  ModuleManager,
  type ConfiguredOptions,
  type ModuleEnvironment,
  type ModuleRoutes,
  type XmppModule,
  type XepClaim,
} from './module-manager.js';
export type {
  ChatRooms,
  ChatRoomSummary,
  DiscoView,
  ModuleConfig,
  ModuleContext,
  ModuleJob,
  ModuleJobScheduler,
  ModuleServices,
  StorageUsage,
} from './module-context.js';
export {
  describeBounds,
  ModuleOptionError,
  option,
  resolveOptions,
  type OptionSpec,
  type OptionSpecs,
  type OptionValues,
} from './module-options.js';
export { ModuleDependencyError, orderModules } from './module-order.js';
export type {
  SaslAuthenticator,
  SaslContext,
  SaslExchange,
  SaslStep,
  SaslFailureCondition,
  TlsBindings,
} from './sasl.js';
export type { StreamIo } from './stream-io.js';
export type { StreamExtension, StreamLink, StreamWatcher } from './stream-extension.js';
export { C2sStream, defaultC2sLimits, type C2sLimits, type C2sStreamDeps } from './c2s-stream.js';
export { acceptClientStanza } from './client-stanza.js';
export { ByteRateLimiter } from './byte-rate-limiter.js';
export { defaultThrottleLimits, ThrottledLog, type ThrottleLimits } from './throttled-log.js';
export type { RosterItem, RosterStore } from './roster/roster-store.js';
export { newRosterItem } from './roster/roster-store.js';
export * as subscriptions from './roster/subscription.js';
export { watchTenancy } from './tenancy-watch.js';
export {
  rosterItemElement,
  removedItemElement,
  parseRosterItem,
  rosterQuery,
  ROSTER_NS,
} from './roster/roster-codec.js';
export { pushRosterItem } from './roster/roster-push.js';
export { availableResources, highestPriority, messageRecipients } from './delivery.js';
export { xmppConfig, type XmppConfig } from './xmpp-options.js';
// The XEP-0313 elements, shared by the archives of accounts (mam) and of rooms (muc).
export {
  type ArchiveDefault,
  type ArchivePrefs,
  type ArchiveQuery,
  type Edge,
  finElement,
  FORWARD,
  MAM,
  MAM_EXTENDED,
  MAX_IDS,
  metadataElement,
  type PageCursor,
  parseDateTime,
  parsePrefs,
  parseQuery,
  prefsElement,
  queryForm,
  removeStanzaIds,
  resultMessage,
  RSM,
  SID,
  stanzaIdElement,
} from './archive/mam-codec.js';
