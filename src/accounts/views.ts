import type { Membership } from './customers.repository.js';
import type { UserRow } from './users.repository.js';

/** A user as the API shows it: never the password hash or the TOTP secret. */
export interface UserView {
  id: string;
  email: string;
  name: string;
  kind: 'staff' | 'customer';
  staffRole: 'admin' | 'support' | 'billing' | null;
  emailVerified: boolean;
  twoFactorEnabled: boolean;
}

export interface CustomerView {
  id: string;
  name: string;
  role: Membership['role'];
}

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
