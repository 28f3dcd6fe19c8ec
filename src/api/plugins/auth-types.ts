/** Who is calling, as resolved by the auth plugin from the session cookie or a Bearer token. */
export interface AuthContext {
  user: {
    id: string;
    email: string;
    name: string;
    kind: 'staff' | 'customer';
    staffRole: 'admin' | 'support' | 'billing' | null;
  };
  /** The customer a customer user acts for; null for staff. */
  customerId: string | null;
  customerRole: 'owner' | 'admin' | 'billing' | null;
  via: 'session' | 'token';
  /** Set for cookie sessions (used for CSRF and logout). */
  sessionId: string | null;
}

declare module 'fastify' {
  interface FastifyRequest {
    auth: AuthContext | null;
  }
}
