import { Type, type Static } from 'typebox';
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

/** The customer account a user acts for, with their role on its team. */
export const CustomerView = Type.Object({ id: Type.String(), name: Type.String(), role: CustomerRole });
export type CustomerView = Static<typeof CustomerView>;

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
