/** Row types of the accounts area's tables: staff and customer users, customers, sessions, tokens. */
export interface UsersTable {
  id: string;
  email: string;
  name: string;
  password_hash: string;
  kind: 'staff' | 'customer';
  staff_role: 'admin' | 'support' | 'billing' | null;
  email_verified_at: string | null;
  totp_secret: string | null;
  totp_enabled_at: string | null;
  totp_last_step: number | null;
  created_at: string;
  updated_at: string;
  last_login_at: string | null;
}

export interface CustomersTable {
  id: string;
  name: string;
  timezone: string;
  status: 'active' | 'closed';
  created_at: string;
  updated_at: string;
}

export interface CustomerUsersTable {
  customer_id: string;
  user_id: string;
  role: 'owner' | 'admin' | 'billing';
  created_at: string;
}

export interface SessionsTable {
  id: string; // sha256 of the cookie value
  user_id: string;
  csrf_token: string;
  created_at: string;
  expires_at: string;
  last_seen_at: string;
  ip: string | null;
  user_agent: string | null;
}

export interface ApiTokensTable {
  id: string;
  user_id: string;
  name: string;
  token_hash: string;
  token_prefix: string;
  created_at: string;
  last_used_at: string | null;
  revoked_at: string | null;
}

export interface EmailTokensTable {
  token_hash: string;
  user_id: string;
  purpose: 'verify_email' | 'reset_password';
  created_at: string;
  expires_at: string;
  used_at: string | null;
}

export interface InvitationsTable {
  id: string;
  customer_id: string;
  email: string;
  role: 'admin' | 'billing';
  token_hash: string;
  invited_by: string | null;
  created_at: string;
  expires_at: string;
  accepted_at: string | null;
  revoked_at: string | null;
}

export interface SetupTokensTable {
  token_hash: string;
  created_at: string;
  used_at: string | null;
}

export interface AccountsTables {
  users: UsersTable;
  customers: CustomersTable;
  customer_users: CustomerUsersTable;
  sessions: SessionsTable;
  api_tokens: ApiTokensTable;
  email_tokens: EmailTokensTable;
  setup_tokens: SetupTokensTable;
  invitations: InvitationsTable;
}
