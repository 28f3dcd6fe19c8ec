/** The shapes the dashboard reads from /api/v1. */

export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

export interface Me {
  user: {
    id: string;
    email: string;
    name: string;
    kind: 'staff' | 'customer';
    staffRole: 'admin' | 'support' | 'billing' | null;
    emailVerified: boolean;
    twoFactorEnabled: boolean;
  };
  customer: { id: string; name: string; role: string } | null;
  csrfToken?: string;
}

export type HostStatus = 'active' | 'suspended' | 'terminated';

export interface Host {
  id: string;
  domain: string;
  status: HostStatus;
  createdAt?: string;
  memberCount?: number;
  customerId?: string;
  customerName?: string;
}

export interface Member {
  username: string;
  jid: string;
  displayName: string | null;
  status: 'active' | 'disabled';
  createdAt: string;
  lastLoginAt: string | null;
  lastActivityAt: string | null;
}

export interface ApiToken {
  id: string;
  name: string;
  createdAt: string;
  lastUsedAt?: string | null;
}

export interface CreatedToken extends ApiToken {
  token: string;
}

export interface TwoFactorSetup {
  secret: string;
  otpauthUrl: string;
  qrSvg: string;
}

export interface Customer {
  id: string;
  name: string;
  createdAt?: string;
  ownerEmail?: string;
  hostCount?: number;
}

export interface OutboxMessage {
  id: string;
  recipients?: string[] | string;
  to?: string[] | string;
  subject: string;
  text: string;
  createdAt: string;
  status?: string;
}

export interface AuditEntry {
  id: string;
  createdAt: string;
  action: string;
  actorId?: string | null;
  actorEmail?: string | null;
  actorKind?: string | null;
  targetType?: string | null;
  targetId?: string | null;
  ip?: string | null;
}
