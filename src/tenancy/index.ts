import type { Clock } from '../lib/clock.js';
import { AppError } from '../lib/errors.js';
import {
  monotonicIdSource,
  scopedDb,
  type DatabaseHandle,
  type Page,
  type PageQuery,
  type Platform,
  type PlatformConfig,
  type TenancyTables,
} from '../platform/index.js';
import type { TenancyConfig } from './tenancy-options.js';
import { addMember, type NewMember } from './add-member.js';
import { destroyChatRoom, listChatRooms, type ChatRoomsPort } from './chat-rooms.js';
import { changeHostStatus, type StatusRequest } from './change-host-status.js';
import { createHost } from './create-host.js';
import { deleteHost } from './delete-host.js';
import { createDirectory, type DirectoryHost, type TenancyDirectory } from './directory.js';
import { loadHost } from './host-access.js';
import { trackHostsByStatus } from './host-metrics.js';
import type { Actor } from './host-status-policy.js';
import { listAllHosts, listCustomerHosts } from './list-hosts.js';
import { listMembers } from './list-members.js';
import {
  createMemberResetLink,
  describeMemberResetLink,
  redeemMemberResetLink,
  type MemberResetLink,
} from './member-reset-links.js';
import { getMember, listMemberSessions, signOutMember, type MemberSessionsPort } from './member-sessions.js';
import { removeMember } from './remove-member.js';
import { countMembers } from './entitlements.repository.js';
import { assertDomainAllowed } from './hosted-domain.js';
import { listHostsSuspendedForNonPayment } from './hosts.repository.js';
import { countMembersLoggedIn, listMembersIdleSince } from './members.repository.js';
import { loadEntitlements, setEntitlements, type HostEntitlementsInput } from './set-entitlements.js';
import { setMemberPassword } from './set-member-password.js';
import { TenancyEvents } from './tenancy-events.js';
import type { CustomerNames, TenancyDeps } from './tenancy-deps.js';
import { updateMember, type MemberChanges } from './update-member.js';
import {
  toHostView,
  type AdminHostView,
  type ChatRoomView,
  type HostDetailView,
  type HostView,
  type MemberSessionView,
  type MemberView,
  type MemberWrite,
} from './views.js';

export type { Actor, HostStatus, HostStatusReason } from './host-status-policy.js';
export type { DirectoryCredentials, DirectoryHost, TenancyDirectory } from './directory.js';
export type { CustomerNames } from './tenancy-deps.js';
export type * from './tenancy-events.js';
export { TenancyEvents } from './tenancy-events.js';
export type { ChatRoomHost, ChatRoomsPort } from './chat-rooms.js';
export type { MemberSessionsPort } from './member-sessions.js';
export type { MemberResetLink } from './member-reset-links.js';
export { DEFAULT_RESET_LINK_HOURS, MAX_RESET_LINK_HOURS } from './member-reset-links.js';
export type {
  AdminHostView,
  ChatRoomView,
  HostDetailView,
  HostView,
  MemberSessionView,
  MemberView,
  MemberWrite,
} from './views.js';
/** The view schemas, which the API serves as its response schemas. */
export * as tenancyViews from './views.js';
export { tenancyConfig, type TenancyConfig } from './tenancy-options.js';
export type { HostEntitlements, HostEntitlementsInput } from './set-entitlements.js';
export { DEFAULT_PEP_STORAGE_KB, DEFAULT_ROOM_LIMITS } from './set-entitlements.js';
export type { MemberChanges } from './update-member.js';
export type { NewMember } from './add-member.js';
export type { StatusRequest } from './change-host-status.js';
export { normalizeDomain, displayDomain } from './domain-name.js';

/**
 * IM hosts and their members: what the dashboard and API manage, and (through `directory` and
 * `events`) the narrow view the XMPP server reads. Every call that names a host takes the acting
 * customer or staff as an `Actor`, and a customer never sees another customer's host.
 */
export interface Tenancy {
  events: TenancyEvents;
  directory: TenancyDirectory;
  hosts: {
    create(input: { customerId: string; domain: string }): Promise<HostView>;
    listForCustomer(customerId: string, page: PageQuery): Promise<Page<HostView>>;
    listAll(query: PageQuery & { search?: string | undefined }): Promise<Page<AdminHostView>>;
    get(actor: Actor, hostId: string): Promise<HostView>;
    /** The host with its plan limits, member count and upload quota. */
    describe(actor: Actor, hostId: string): Promise<HostDetailView>;
    /** Billing's hook: the limits of the host's plan, or null when it has none (no limits). */
    setEntitlements(hostId: string, entitlements: HostEntitlementsInput | null): Promise<void>;
    /** Throws custom_domain_not_allowed unless a plan with or without a custom domain may serve it. */
    assertDomainAllowed(domain: string, plan: { isCustomDomainAllowed: boolean }): void;
    /** Members who last signed in within [from, to) (ISO times): billing's active members. */
    countActiveMembers(hostId: string, span: { from: string; to: string }): Promise<number>;
    /** Members with no sign-in since `before` (ISO), by name: the security audit's idle accounts. */
    listIdleMembers(
      hostId: string,
      before: string,
      limit: number,
    ): Promise<{ username: string; lastLoginAt: string | null }[]>;
    changeStatus(actor: Actor, hostId: string, request: StatusRequest): Promise<HostView>;
    /** Of these hosts, the ones suspended for non-payment: billing's batch paths lift those. */
    listSuspendedForNonPayment(hostIds: string[]): Promise<string[]>;
    delete(actor: Actor, hostId: string): Promise<{ customerId: string }>;
  };
  /** The host's group chat rooms, which the IM server keeps. */
  chatRooms: {
    list(actor: Actor, hostId: string): Promise<ChatRoomView[]>;
    destroy(actor: Actor, hostId: string, name: string): Promise<{ customerId: string; address: string }>;
  };
  members: {
    list(actor: Actor, hostId: string, page: PageQuery): Promise<Page<MemberView>>;
    /** One member; `member_not_found` (or `host_not_found`) when the actor may not see it. */
    get(actor: Actor, hostId: string, username: string): Promise<MemberView>;
    add(actor: Actor, hostId: string, input: NewMember): Promise<MemberWrite>;
    update(actor: Actor, hostId: string, username: string, changes: MemberChanges): Promise<MemberWrite>;
    remove(actor: Actor, hostId: string, username: string): Promise<MemberWrite>;
    setPassword(actor: Actor, hostId: string, username: string, password: string): Promise<MemberWrite>;
    /** The member's connected chat sessions (where the IM server runs). */
    sessions(actor: Actor, hostId: string, username: string): Promise<MemberSessionView[]>;
    /** Ends every chat session of the member. */
    signOutEverywhere(
      actor: Actor,
      hostId: string,
      username: string,
    ): Promise<MemberWrite & { ended: number }>;
    /** A single-use link for the member to choose a password, valid `validHours`. */
    createResetLink(
      actor: Actor,
      hostId: string,
      username: string,
      validHours?: number,
    ): Promise<MemberWrite & { link: MemberResetLink }>;
    /** The account a live link is for (public: the token is the credential). */
    describeResetLink(token: string): Promise<{ jid: string }>;
    redeemResetLink(
      token: string,
      password: string,
    ): Promise<{ jid: string; hostId: string; customerId: string; memberId: string }>;
  };
  /** For the CLI, which names hosts by domain and acts as the operator. */
  createHost(input: { customerId: string; domain: string }): Promise<HostView>;
  addMember(input: NewMember & { domain: string }): Promise<MemberView>;
  setMemberPassword(input: { domain: string; username: string; password: string }): Promise<void>;
  findHostByDomain(domain: string): Promise<DirectoryHost | null>;
}

/** How many upload bytes a host has in use against its quota: only the IM server knows. */
export interface UploadUsage {
  /** Null where no IM server runs (the CLI). */
  storedBytes(hostId: string): Promise<number | null>;
}

export interface TenancyOptions {
  /** publicUrl: where the member password links point. */
  config: TenancyConfig & Pick<PlatformConfig, 'publicUrl'>;
  clock: Clock;
  database: DatabaseHandle;
  platform: Platform;
  /** Whose host each is, for staff: the accounts area answers. */
  accounts: CustomerNames;
  /** Without it (the CLI), hosts show no upload usage. */
  uploadUsage?: UploadUsage | undefined;
  /** Without it (the CLI), the rooms are unavailable. */
  chatRooms?: ChatRoomsPort | undefined;
  /** Without it (the CLI), members' sessions are unavailable. */
  memberSessions?: MemberSessionsPort | undefined;
}

export function createTenancy(options: TenancyOptions): Tenancy {
  const { config, clock, database, platform, uploadUsage } = options;
  const logger = platform.logger.child({ area: 'tenancy' });
  const events = new TenancyEvents((error, eventName) =>
    logger.error({ err: error, eventName }, 'tenancy listener failed'),
  );
  const deps: TenancyDeps = {
    db: scopedDb<TenancyTables>(database.db),
    clock,
    events,
    newId: monotonicIdSource(clock),
    accounts: options.accounts,
  };
  const directory = createDirectory(deps, config);
  const operator: Actor = { kind: 'system' };
  trackHostsByStatus(platform.metrics, deps, (error) =>
    logger.error({ err: error }, 'counting hosts failed'),
  );

  async function hostIdOf(domain: string): Promise<string> {
    const host = await directory.findHostByDomain(domain);
    if (!host) throw new AppError('host_not_found', { details: { domain } });
    return host.id;
  }

  const hosts: Tenancy['hosts'] = {
    create: (input) => createHost(deps, input),
    listForCustomer: (customerId, page) => listCustomerHosts(deps, customerId, page),
    listAll: (query) => listAllHosts(deps, query),
    get: async (actor, hostId) => toHostView(await loadHost(deps, actor, hostId)),
    describe: async (actor, hostId) => {
      const host = toHostView(await loadHost(deps, actor, hostId));
      const [entitlements, memberCount, uploadStorageBytes] = await Promise.all([
        loadEntitlements(deps, host.id),
        countMembers(deps.db, host.id),
        uploadUsage ? uploadUsage.storedBytes(host.id) : null,
      ]);
      const uploadQuotaMb = entitlements?.uploadQuotaMb ?? config.defaultUploadQuotaMb;
      return { ...host, entitlements, memberCount, uploadQuotaMb, uploadStorageBytes };
    },
    setEntitlements: (hostId, entitlements) => setEntitlements(deps, hostId, entitlements),
    assertDomainAllowed: (domain, plan) =>
      assertDomainAllowed(domain, { ...plan, hostedDomain: config.hostedDomain }),
    countActiveMembers: (hostId, span) => countMembersLoggedIn(deps.db, hostId, span),
    listIdleMembers: async (hostId, before, limit) =>
      (await listMembersIdleSince(deps.db, hostId, before, limit)).map((row) => ({
        username: row.username,
        lastLoginAt: row.last_login_at,
      })),
    changeStatus: (actor, hostId, request) => changeHostStatus(deps, actor, hostId, request),
    listSuspendedForNonPayment: (hostIds) => listHostsSuspendedForNonPayment(deps.db, hostIds),
    delete: (actor, hostId) => deleteHost(deps, actor, hostId),
  };

  return {
    events,
    directory,
    hosts,
    chatRooms: {
      list: (actor, hostId) => listChatRooms(deps, options.chatRooms, actor, hostId),
      destroy: (actor, hostId, name) => destroyChatRoom(deps, options.chatRooms, actor, hostId, name),
    },
    members: {
      list: (actor, hostId, page) => listMembers(deps, actor, hostId, page),
      add: (actor, hostId, input) => addMember(deps, actor, hostId, input),
      update: (actor, hostId, username, changes) => updateMember(deps, actor, hostId, username, changes),
      remove: (actor, hostId, username) => removeMember(deps, actor, hostId, username),
      setPassword: (actor, hostId, username, password) =>
        setMemberPassword(deps, actor, hostId, username, password),
      get: (actor, hostId, username) => getMember(deps, actor, hostId, username),
      sessions: (actor, hostId, username) =>
        listMemberSessions(deps, options.memberSessions, actor, hostId, username),
      signOutEverywhere: (actor, hostId, username) =>
        signOutMember(deps, options.memberSessions, actor, hostId, username),
      createResetLink: (actor, hostId, username, validHours) =>
        createMemberResetLink(deps, config.publicUrl, actor, hostId, username, validHours),
      describeResetLink: (token) => describeMemberResetLink(deps, token),
      redeemResetLink: (token, password) => redeemMemberResetLink(deps, token, password),
    },
    createHost: hosts.create,
    addMember: async ({ domain, ...input }) =>
      (await addMember(deps, operator, await hostIdOf(domain), input)).member,
    setMemberPassword: async ({ domain, username, password }) => {
      await setMemberPassword(deps, operator, await hostIdOf(domain), username, password);
    },
    findHostByDomain: (domain) => directory.findHostByDomain(domain),
  };
}
