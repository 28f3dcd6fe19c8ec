/** Row types of the XMPP server's tables (migrations/0002_xmpp.ts). */
export interface TlsCertificatesTable {
  domain: string;
  cert_pem: string;
  key_pem: string;
  is_self_signed: number;
  not_after: string;
  created_at: string;
  updated_at: string;
}

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

export interface XmppTables {
  tls_certificates: TlsCertificatesTable;
  xmpp_roster_items: XmppRosterItemsTable;
  xmpp_roster_versions: XmppRosterVersionsTable;
  xmpp_offline_messages: XmppOfflineMessagesTable;
  xmpp_vcards: XmppVcardsTable;
  xmpp_blocked_jids: XmppBlockedJidsTable;
  xmpp_last_activity: XmppLastActivityTable;
}
