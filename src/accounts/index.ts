/**
 * Accounts: staff, customers and their users, sessions, personal API tokens, two-factor and the
 * first-run setup. This file is the area's public surface; everything else in the folder is internal.
 */
import type { Clock } from '../lib/clock.js';
import {
  scopedDb,
  type AccountsTables,
  type DatabaseHandle,
  type Metrics,
  type PageQuery,
  type PlatformConfig,
} from '../platform/index.js';
import type { AccountsConfig } from './accounts-options.js';
import { acceptInvitation, describeInvitation } from './accept-invitation.js';
import { authenticateApiToken, authenticateSession, type Principal } from './authenticate.js';
import { changePassword } from './change-password.js';
import { changeTeamRole } from './change-team-role.js';
import { createApiToken } from './create-api-token.js';
import { createStaff, type CreateStaffInput } from './create-staff.js';
import type { AccountsDeps, AccountsMailer } from './deps.js';
import { disableTwoFactor } from './disable-two-factor.js';
import { enableTwoFactor } from './enable-two-factor.js';
import { findCustomerByUserEmail } from './find-customer-by-user-email.js';
import { findCustomerNames } from './find-customer-names.js';
import { findUserEmails } from './find-user-emails.js';
import { completeSetup, createSetupToken } from './first-run-setup.js';
import { getMe } from './get-me.js';
import { inviteTeamMember } from './invite-team-member.js';
import { listApiTokens } from './list-api-tokens.js';
import { listCustomers } from './list-customers.js';
import { endSession } from './end-session.js';
import { listSessions } from './list-sessions.js';
import { listStaff } from './list-staff.js';
import { listInvitations, listTeam } from './list-team.js';
import { logIn, type LogInInput } from './log-in.js';
import { logOut } from './log-out.js';
import { LoginThrottle } from '../lib/login-throttle.js';
import type { CustomerRole } from './customers.repository.js';
import { removeTeamMember } from './remove-team-member.js';
import { requestPasswordReset } from './request-password-reset.js';
import { resendVerificationEmail } from './resend-verification-email.js';
import { resetPassword } from './reset-password.js';
import { revokeApiToken } from './revoke-api-token.js';
import { revokeInvitation } from './revoke-invitation.js';
import { setUpTwoFactor } from './set-up-two-factor.js';
import { signUp, type SignUpInput } from './sign-up.js';
import type { ClientInfo } from './start-session.js';
import type { InvitableRole, TeamActor } from './team.js';
import { updateProfile } from './update-profile.js';
import { hasAnyStaff } from './users.repository.js';
import { verifyEmail } from './verify-email.js';

export type { Principal } from './authenticate.js';
export type { ApiTokenView } from './api-tokens.js';
export type { CreateStaffInput, StaffRole } from './create-staff.js';
export type { CustomerSummary } from './list-customers.js';
export type { Me } from './get-me.js';
export type { ClientInfo, NewSession } from './start-session.js';
export type { InvitationPreview } from './accept-invitation.js';
export type { SessionView } from './list-sessions.js';
export type { InvitableRole, InvitationView, TeamActor, TeamMemberView } from './team.js';
export type { CustomerView, UserView } from './views.js';
/** The view schemas, which the API serves as its response schemas. */
export * as accountsViews from './views.js';
export { API_TOKEN_PREFIX } from './api-tokens.js';
export { accountsMailTemplates } from './mail-templates.js';
export { accountsConfig, type AccountsConfig } from './accounts-options.js';
export { findBillingContacts } from './find-billing-contacts.js';

export interface AccountsOptions {
  config: Pick<PlatformConfig, 'publicUrl'> & AccountsConfig;
  clock: Clock;
  database: Pick<DatabaseHandle, 'db'>;
  platform: { mailer: AccountsMailer; metrics: Pick<Metrics, 'counter'> };
}

export function createAccounts(options: AccountsOptions) {
  const deps: AccountsDeps = {
    config: options.config,
    clock: options.clock,
    db: scopedDb<AccountsTables>(options.database.db),
    mailer: options.platform.mailer,
  };
  const throttle = new LoginThrottle(options.clock);
  const attempts = options.platform.metrics.counter({
    name: 'imhost_login_attempts_total',
    help: 'Dashboard sign-in attempts, by result: success or the error code.',
    labelNames: ['result'],
  });
  return {
    /** Whether staff must use two-factor before doing anything else (IMHOST_STAFF_2FA). */
    staffTwoFactorRequired: options.config.staff2fa === 'required',

    signUp: (input: SignUpInput, client: ClientInfo) => signUp(deps, input, client),
    verifyEmail: (token: string) => verifyEmail(deps, token),
    resendVerificationEmail: (userId: string) => resendVerificationEmail(deps, userId),
    logIn: (input: LogInInput, client: ClientInfo) => logIn({ ...deps, throttle, attempts }, input, client),
    logOut: (userId: string, sessionId: string) => logOut(deps, userId, sessionId),
    authenticateSession: (cookieValue: string): Promise<Principal | null> =>
      authenticateSession(deps, cookieValue),
    authenticateApiToken: (token: string): Promise<Principal | null> => authenticateApiToken(deps, token),

    getMe: (userId: string, sessionId: string | null) => getMe(deps, userId, sessionId),
    updateProfile: (userId: string, changes: { name?: string | undefined }) =>
      updateProfile(deps, userId, changes),
    changePassword: (
      userId: string,
      keepSessionId: string | null,
      input: { currentPassword: string; newPassword: string },
    ) => changePassword(deps, userId, keepSessionId, input),
    requestPasswordReset: (email: string) => requestPasswordReset(deps, email),
    resetPassword: (input: { token: string; password: string }) => resetPassword(deps, input),

    createApiToken: (userId: string, name: string) => createApiToken(deps, userId, name),
    listApiTokens: (userId: string, query: PageQuery) => listApiTokens(deps, userId, query),
    revokeApiToken: (userId: string, tokenId: string) => revokeApiToken(deps, userId, tokenId),

    listSessions: (userId: string, currentSessionId: string | null) =>
      listSessions(deps, userId, currentSessionId),
    endSession: (userId: string, sessionId: string) => endSession(deps, userId, sessionId),

    listTeam: (customerId: string, query: PageQuery) => listTeam(deps, customerId, query),
    listInvitations: (customerId: string, query: PageQuery) => listInvitations(deps, customerId, query),
    inviteTeamMember: (actor: TeamActor, input: { email: string; role: InvitableRole }) =>
      inviteTeamMember(deps, actor, input),
    revokeInvitation: (actor: TeamActor, invitationId: string) => revokeInvitation(deps, actor, invitationId),
    changeTeamRole: (actor: TeamActor, userId: string, role: CustomerRole) =>
      changeTeamRole(deps, actor, userId, role),
    removeTeamMember: (actor: TeamActor, userId: string) => removeTeamMember(deps, actor, userId),
    describeInvitation: (token: string) => describeInvitation(deps, token),
    acceptInvitation: (
      input: { token: string; name?: string | undefined; password?: string | undefined },
      client: ClientInfo,
    ) => acceptInvitation(deps, input, client),

    setUpTwoFactor: (userId: string) => setUpTwoFactor(deps, userId),
    enableTwoFactor: (userId: string, code: string) => enableTwoFactor(deps, userId, code),
    disableTwoFactor: (userId: string, code: string) => disableTwoFactor(deps, userId, code),

    createStaff: (input: CreateStaffInput) => createStaff(deps, input),
    hasStaff: () => hasAnyStaff(deps.db),
    createSetupToken: () => createSetupToken(deps),
    completeSetup: (
      input: { token: string; email: string; password: string; name: string },
      client: ClientInfo,
    ) => completeSetup(deps, input, client),
    findCustomerByUserEmail: (email: string) => findCustomerByUserEmail(deps, email),
    listCustomers: (query: PageQuery) => listCustomers(deps, query),
    listStaff: (query: PageQuery) => listStaff(deps, query),
    findUserEmails: (userIds: string[]) => findUserEmails(deps, userIds),
    /** Customer names by id (unknown ids are left out). */
    findCustomerNames: (customerIds: readonly string[]) => findCustomerNames(deps, customerIds),
  };
}

export type Accounts = ReturnType<typeof createAccounts>;
