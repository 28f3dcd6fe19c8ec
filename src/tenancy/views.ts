import { Type, type Static } from 'typebox';
import { Nullable, Timestamp } from '../lib/view-schema.js';
import { displayDomain } from './domain-name.js';
import type { HostRow, HostRowWithCustomer } from './hosts.repository.js';
import type { MemberRow } from './members.repository.js';

export const HostStatus = Type.Union([
  Type.Literal('active'),
  Type.Literal('suspended'),
  Type.Literal('terminated'),
]);
export type HostStatus = Static<typeof HostStatus>;
/** Why a host is not active. */
export const HostStatusReason = Type.Union([
  Type.Literal('customer'),
  Type.Literal('staff'),
  Type.Literal('non_payment'),
  Type.Literal('abuse'),
]);
export type HostStatusReason = Static<typeof HostStatusReason>;

const hostProperties = {
  id: Type.String(),
  customerId: Type.String(),
  domain: Type.String({ description: 'The XMPP domain as stored: lowercase, IDNA A-labels.' }),
  displayDomain: Type.String({ description: 'The same domain in Unicode, for display.' }),
  status: HostStatus,
  statusReason: Nullable(HostStatusReason),
  createdAt: Timestamp,
  updatedAt: Timestamp,
};

/** What the API and the dashboard see of a host. */
export const HostView = Type.Object(hostProperties);
export type HostView = Static<typeof HostView>;

export const HostEntitlements = Type.Object(
  {
    maxMembers: Type.Integer({ minimum: 0 }),
    uploadQuotaMb: Type.Integer({ minimum: 0 }),
    archiveRetentionDays: Type.Integer({ minimum: 0 }),
    customDomain: Type.Boolean(),
    pepStorageKb: Type.Integer({
      minimum: 0,
      maximum: 1_048_576,
      description:
        'KiB each member may keep in PEP (avatars, encryption keys, bookmarks) and private storage.',
    }),
    maxRooms: Type.Integer({ minimum: 0, description: 'Group chat rooms a host keeps at once.' }),
    maxRoomOccupants: Type.Integer({ minimum: 0, description: 'People in one group chat room at once.' }),
  },
  { description: "The limits of the host's plan." },
);
export type HostEntitlements = Static<typeof HostEntitlements>;

/**
 * One host as GET /hosts/{id} shows it: with its plan limits (null: no plan), member count, the
 * upload quota in force (the plan's, or the default of a host without one) and the upload bytes in
 * use as the quota counts them (null when no IM server is connected to say).
 */
export const HostDetailView = Type.Object({
  ...hostProperties,
  entitlements: Nullable(HostEntitlements),
  memberCount: Type.Integer({ minimum: 0 }),
  uploadQuotaMb: Type.Integer({
    minimum: 0,
    description:
      "The upload quota in force, in MB of 1024 × 1024 bytes: the plan's, or IMHOST_DEFAULT_UPLOAD_QUOTA_MB for a host without a plan.",
  }),
  uploadStorageBytes: Nullable(
    Type.Integer({
      minimum: 0,
      description:
        'Bytes of uploaded files (and upload slots still open) counted against the upload quota; null when the IM server is not running in this process.',
    }),
  ),
});
export type HostDetailView = Static<typeof HostDetailView>;

/** A group chat room of a host (XEP-0045), as the dashboard lists it. */
export const ChatRoomView = Type.Object({
  address: Type.String({ description: 'room@conference.<domain>' }),
  name: Type.String({ description: "The room's local part, which names it in the API." }),
  title: Type.String({ description: 'The name its owner gave it; empty when none.' }),
  isPersistent: Type.Boolean(),
  isPublic: Type.Boolean(),
  occupants: Type.Integer({ minimum: 0, description: 'People in the room now.' }),
  lastActivityAt: Type.String({ format: 'date-time', description: 'The last message, or its creation.' }),
});
export type ChatRoomView = Static<typeof ChatRoomView>;

export const AdminHostView = Type.Object({ ...hostProperties, customerName: Type.String() });
export type AdminHostView = Static<typeof AdminHostView>;

export const MemberStatus = Type.Union([Type.Literal('active'), Type.Literal('disabled')]);
export type MemberStatus = Static<typeof MemberStatus>;

export const MemberView = Type.Object({
  id: Type.String(),
  username: Type.String({ description: 'The localpart, normalised (PRECIS UsernameCaseMapped).' }),
  jid: Type.String(),
  displayName: Nullable(Type.String()),
  status: MemberStatus,
  createdAt: Timestamp,
  lastLoginAt: Nullable(Timestamp),
  lastActivityAt: Nullable(Timestamp),
});
export type MemberView = Static<typeof MemberView>;

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

export const MemberSessionView = Type.Object({
  resource: Type.String({ description: 'The resource the chat app bound (the part after the slash).' }),
  client: Nullable(Type.String({ description: 'The chat app, when its resource names it.' })),
  address: Type.String({ description: 'The IP address the session connected from.' }),
  since: Timestamp,
});
export type MemberSessionView = Static<typeof MemberSessionView>;

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
