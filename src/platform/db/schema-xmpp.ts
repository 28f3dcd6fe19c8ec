/** Row types of the XMPP server's tables (migrations/0002_xmpp.ts). */
export interface XmppRosterItemsTable {
  host_id: string;
  username: string;
  contact_jid: string;
  name: string | null;
  groups: string; // JSON array of group names
  subscription: 'none' | 'to' | 'from' | 'both';
  ask_out: number;
  pending_in: number;
  preapproved: number;
  /** 0 while the item exists only to remember an incoming request (RFC 6121 §3.1.3). */
  is_listed: number;
  updated_at: string;
}

export interface XmppRosterVersionsTable {
  host_id: string;
  username: string;
  version: number;
}

export interface XmppOfflineMessagesTable {
  id: string;
  host_id: string;
  username: string;
  stanza: string;
  created_at: string;
}

export interface XmppVcardsTable {
  host_id: string;
  username: string;
  vcard: string;
  photo_hash: string | null;
  updated_at: string;
}

export interface XmppBlockedJidsTable {
  host_id: string;
  username: string;
  blocked_jid: string;
  created_at: string;
}

export interface XmppLastActivityTable {
  host_id: string;
  username: string;
  logged_out_at: string;
  status: string;
}

/** XEP-0363 upload slots (migrations/0009_uploads.ts); `size` in bytes. */
export interface XmppUploadsTable {
  id: string;
  host_id: string;
  username: string;
  put_secret_hash: string;
  get_secret_hash: string;
  filename: string;
  size: number;
  content_type: string | null;
  created_at: string;
  expires_at: string;
  put_started_at: string | null;
  completed_at: string | null;
}

export interface XmppUploadLocksTable {
  host_id: string;
}

/**
 * One archived message (XEP-0313), in the recipient's archive when the `to_` owner is set and in the
 * sender's when the `from_` one is; each owner is set to null when that member is deleted or the copy
 * expires. The JIDs are as the stanza carried them, bare for `with` filters and full.
 */
export interface XmppArchiveMessagesTable {
  id: string;
  to_host_id: string | null;
  to_username: string | null;
  from_host_id: string | null;
  from_username: string | null;
  from_bare: string;
  from_full: string;
  to_bare: string;
  to_full: string;
  stanza: string;
  created_at: string;
}

export interface XmppArchivePrefsTable {
  host_id: string;
  username: string;
  default_mode: 'always' | 'never' | 'roster';
  always_jids: string; // JSON array of JIDs
  never_jids: string; // JSON array of JIDs
  updated_at: string;
}

/** A PEP node of an account (XEP-0163) and its configuration; max_items null is "max". */
export interface XmppPepNodesTable {
  host_id: string;
  owner: string;
  node: string;
  access_model: 'open' | 'presence' | 'whitelist';
  max_items: number | null;
  persist_items: number;
  notify_retract: number;
  send_last_published_item: 'never' | 'on_sub' | 'on_sub_and_presence';
  created_at: string;
}

/** A published item; the newest has the highest position. */
export interface XmppPepItemsTable {
  host_id: string;
  owner: string;
  node: string;
  item_id: string;
  position: number;
  payload: string;
  bytes: number;
  publisher: string;
  published_at: string;
}

export interface XmppPepSubscriptionsTable {
  host_id: string;
  owner: string;
  node: string;
  jid: string;
  subid: string;
  created_at: string;
}

/** XEP-0115 features by verification string; not per tenant (a hash names one feature list). */
export interface XmppCapsTable {
  ver: string;
  features: string; // JSON array
  created_at: string;
}

/** XEP-0049 private XML storage: one element per account and namespace. */
export interface XmppPrivateStorageTable {
  host_id: string;
  username: string;
  namespace: string;
  element: string;
  bytes: number;
  updated_at: string;
}

/** A XEP-0045 room (migrations/0018_muc.ts); `config` is JSON of the muc#roomconfig values. */
export interface XmppMucRoomsTable {
  id: string;
  host_id: string;
  name: string;
  config: string;
  subject: string;
  subject_by: string;
  is_persistent: number;
  created_at: string;
  last_activity_at: string;
}

export interface XmppMucAffiliationsTable {
  room_id: string;
  jid: string;
  affiliation: 'owner' | 'admin' | 'member' | 'outcast';
  nick: string | null;
  reason: string | null;
}

/** One message of a room's archive; `sender_jid` is the sender's real bare JID. */
export interface XmppMucMessagesTable {
  id: string;
  room_id: string;
  nick: string;
  sender_jid: string;
  stanza: string;
  created_at: string;
}

export interface XmppTables {
  xmpp_roster_items: XmppRosterItemsTable;
  xmpp_roster_versions: XmppRosterVersionsTable;
  xmpp_offline_messages: XmppOfflineMessagesTable;
  xmpp_vcards: XmppVcardsTable;
  xmpp_blocked_jids: XmppBlockedJidsTable;
  xmpp_last_activity: XmppLastActivityTable;
  xmpp_archive_messages: XmppArchiveMessagesTable;
  xmpp_archive_prefs: XmppArchivePrefsTable;
  xmpp_uploads: XmppUploadsTable;
  xmpp_upload_locks: XmppUploadLocksTable;
  xmpp_pep_nodes: XmppPepNodesTable;
  xmpp_pep_items: XmppPepItemsTable;
  xmpp_pep_subscriptions: XmppPepSubscriptionsTable;
  xmpp_caps: XmppCapsTable;
  xmpp_private_storage: XmppPrivateStorageTable;
  xmpp_muc_rooms: XmppMucRoomsTable;
  xmpp_muc_affiliations: XmppMucAffiliationsTable;
  xmpp_muc_messages: XmppMucMessagesTable;
}
