import { displayDomain } from './domain-name.js';
import type { HostStatus, HostStatusReason } from './host-status-policy.js';
import type { HostRow, HostRowWithCustomer } from './hosts.repository.js';
import type { MemberRow } from './members.repository.js';
import type { HostEntitlements } from './set-entitlements.js';

/** What the API and the dashboard see of a host. */
export interface HostView {
  id: string;
  customerId: string;
  domain: string;
  /** The Unicode form for display; equal to `domain` for ASCII names. */
  displayDomain: string;
  status: HostStatus;
  statusReason: HostStatusReason | null;
  createdAt: string;
  updatedAt: string;
}

/**
 * One host as GET /hosts/{id} shows it: with its plan limits (null: no plan), member count, the
 * upload quota in force (the plan's, or the default of a host without one) and the upload bytes in
 * use as the quota counts them (null when no IM server is connected to say).
 */
export interface HostDetailView extends HostView {
  entitlements: HostEntitlements | null;
  memberCount: number;
  uploadQuotaMb: number;
  uploadStorageBytes: number | null;
}

export interface AdminHostView extends HostView {
  customerName: string;
}

export interface MemberView {
  id: string;
  username: string;
  jid: string;
  displayName: string | null;
  status: 'active' | 'disabled';
  createdAt: string;
  lastLoginAt: string | null;
  lastActivityAt: string | null;
}

export function toHostView(row: HostRow): HostView {
  return {
    id: row.id,
    customerId: row.customer_id,
    domain: row.domain,
    displayDomain: displayDomain(row.domain),
    status: row.status,
    statusReason: row.status_reason as HostStatusReason | null,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

export function toAdminHostView(row: HostRowWithCustomer): AdminHostView {
  return { ...toHostView(row), customerName: row.customer_name };
}

/** A member write, with the owner of its host so the audit log can show it to that customer. */
export interface MemberWrite {
  member: MemberView;
  customerId: string;
}

export function toMemberView(row: MemberRow, domain: string): MemberView {
  return {
    id: row.id,
    username: row.username,
    jid: `${row.username}@${domain}`,
    displayName: row.display_name,
    status: row.status,
    createdAt: row.created_at,
    lastLoginAt: row.last_login_at,
    lastActivityAt: row.last_activity_at,
  };
}
