import { Type, type Static } from 'typebox';
import { Nullable, Timestamp } from '../lib/view-schema.js';
import type { Membership } from './customers.repository.js';
import type { UserRow } from './users.repository.js';

/** A user as the API shows it: never the password hash or the TOTP secret. */
export const UserView = Type.Object({
  id: Type.String(),
  email: Type.String(),
  name: Type.String(),
  kind: Type.Union([Type.Literal('staff'), Type.Literal('customer')]),
  staffRole: Type.Union([
    Type.Literal('admin'),
    Type.Literal('support'),
    Type.Literal('billing'),
    Type.Null(),
  ]),
  emailVerified: Type.Boolean(),
  twoFactorEnabled: Type.Boolean(),
});
export type UserView = Static<typeof UserView>;

export const CustomerRole = Type.Union([
  Type.Literal('owner'),
  Type.Literal('admin'),
  Type.Literal('billing'),
]);
/** Owners and admins can be invited; ownership is only ever granted by an owner. */
export const InvitableRole = Type.Union([Type.Literal('admin'), Type.Literal('billing')]);
export type InvitableRole = Static<typeof InvitableRole>;

/** The customer account a user acts for, with their role on its team. */
export const CustomerView = Type.Object({ id: Type.String(), name: Type.String(), role: CustomerRole });
export type CustomerView = Static<typeof CustomerView>;

/** Who is signed in, for whom they act, and the session's CSRF token. */
export const MeView = Type.Object({
  user: UserView,
  customer: Nullable(CustomerView),
  csrfToken: Nullable(Type.String(), {
    description: 'Send it as X-CSRF-Token on cookie-authenticated writes.',
  }),
});
export type MeView = Static<typeof MeView>;

export const ApiTokenView = Type.Object({
  id: Type.String(),
  name: Type.String(),
  prefix: Type.String({ description: 'The first characters of the token, to tell tokens apart.' }),
  createdAt: Timestamp,
  lastUsedAt: Nullable(Timestamp),
});
export type ApiTokenView = Static<typeof ApiTokenView>;

/** A token just made: the only time its secret is shown. */
export const CreatedApiToken = Type.Object({
  id: Type.String(),
  name: Type.String(),
  token: Type.String({ description: 'Send as `Authorization: Bearer <token>`. Not retrievable later.' }),
  createdAt: Timestamp,
});
export type CreatedApiToken = Static<typeof CreatedApiToken>;

export const SessionView = Type.Object({
  id: Type.String(),
  createdAt: Timestamp,
  lastSeenAt: Type.String({ format: 'date-time', description: 'Refreshed at most once a minute.' }),
  ip: Nullable(Type.String()),
  userAgent: Nullable(Type.String()),
  current: Type.Boolean({ description: 'The session this request was made with.' }),
});
export type SessionView = Static<typeof SessionView>;

export const TwoFactorSetup = Type.Object({
  secret: Type.String(),
  otpauthUrl: Type.String(),
  qrSvg: Type.String({ description: 'An SVG image of the QR code.' }),
});
export type TwoFactorSetup = Static<typeof TwoFactorSetup>;

export const TeamMemberView = Type.Object({
  userId: Type.String(),
  email: Type.String(),
  name: Type.String(),
  role: CustomerRole,
  joinedAt: Timestamp,
  lastLoginAt: Nullable(Timestamp),
  twoFactorEnabled: Type.Boolean(),
});
export type TeamMemberView = Static<typeof TeamMemberView>;

export const InvitationView = Type.Object({
  id: Type.String(),
  email: Type.String(),
  role: InvitableRole,
  createdAt: Timestamp,
  expiresAt: Timestamp,
  invitedByEmail: Nullable(Type.String()),
});
export type InvitationView = Static<typeof InvitationView>;

/** What an invitation link is for, shown before it is accepted. */
export const InvitationPreview = Type.Object({
  organization: Type.String(),
  email: Type.String(),
  role: InvitableRole,
  accountExists: Type.Boolean({ description: 'When true, accepting needs no name or password.' }),
});
export type InvitationPreview = Static<typeof InvitationPreview>;

/** A customer account as staff list it. */
export const CustomerSummary = Type.Object({
  id: Type.String(),
  name: Type.String(),
  status: Type.Union([Type.Literal('active'), Type.Literal('closed')]),
  ownerEmail: Nullable(Type.String()),
  createdAt: Timestamp,
});
export type CustomerSummary = Static<typeof CustomerSummary>;

export function toUserView(row: UserRow): UserView {
  return {
    id: row.id,
    email: row.email,
    name: row.name,
    kind: row.kind,
    staffRole: row.staff_role,
    emailVerified: row.email_verified_at !== null,
    twoFactorEnabled: row.totp_enabled_at !== null,
  };
}

export function toCustomerView(membership: Membership | undefined): CustomerView | null {
  return membership
    ? { id: membership.customerId, name: membership.customerName, role: membership.role }
    : null;
}
