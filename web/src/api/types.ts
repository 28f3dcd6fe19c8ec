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
  customerId: string;
  /** The A-label (ASCII) form the server uses. */
  domain: string;
  /** The Unicode form for people. */
  displayDomain: string;
  status: HostStatus;
  statusReason: string | null;
  createdAt: string;
  /** Only in staff listings. */
  customerName?: string;
}

export interface Member {
  id: string;
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
  /** The first characters of the token, to tell tokens apart. */
  prefix: string;
  createdAt: string;
  lastUsedAt: string | null;
}

export interface CreatedToken {
  id: string;
  name: string;
  token: string;
  createdAt: string;
}

export interface TwoFactorSetup {
  secret: string;
  otpauthUrl: string;
  qrSvg: string;
}

export interface Customer {
  id: string;
  name: string;
  status: 'active' | 'closed';
  ownerEmail: string | null;
  createdAt: string;
}

export interface OutboxMessage {
  id: string;
  createdAt: string;
  recipients: string[];
  subject: string;
  text: string;
  status: 'stored' | 'queued' | 'sent' | 'failed';
  lastError: string | null;
}

export interface AuditEntry {
  id: string;
  at: string;
  actorType: 'staff' | 'customer' | 'system' | 'cli' | 'anonymous';
  actorId: string | null;
  /** Set when the actor is a user who still exists. */
  actorEmail: string | null;
  customerId: string | null;
  action: string;
  targetType: string | null;
  targetId: string | null;
  ip: string | null;
  details: Record<string, unknown> | null;
}

export type TeamRole = 'owner' | 'admin' | 'billing';

export interface TeamMember {
  userId: string;
  email: string;
  name: string;
  role: TeamRole;
  joinedAt: string;
  lastLoginAt: string | null;
  twoFactorEnabled: boolean;
}

export interface Invitation {
  id: string;
  email: string;
  role: Exclude<TeamRole, 'owner'>;
  createdAt: string;
  expiresAt: string;
  invitedByEmail: string | null;
}

export interface InvitationPreview {
  organization: string;
  email: string;
  role: Exclude<TeamRole, 'owner'>;
  accountExists: boolean;
}

export interface SessionInfo {
  id: string;
  createdAt: string;
  lastSeenAt: string;
  ip: string | null;
  userAgent: string | null;
  current: boolean;
}

export interface ServerInfo {
  version: string;
  c2sPort: number;
  c2sTlsPort: number;
  websocketPath: string;
  publicUrl: string;
}
