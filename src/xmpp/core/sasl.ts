/**
 * The SASL port: the stream negotiator drives an exchange without knowing the mechanisms, which
 * live in xmpp/auth. Failure conditions are RFC 6120 §6.5's.
 */
import type { HostRecord } from './ports.js';

export type SaslFailureCondition =
  | 'aborted'
  | 'account-disabled'
  | 'credentials-expired'
  | 'encryption-required'
  | 'incorrect-encoding'
  | 'invalid-authzid'
  | 'invalid-mechanism'
  | 'malformed-request'
  | 'mechanism-too-weak'
  | 'not-authorized'
  | 'temporary-auth-failure';

/** Channel-binding data of the TLS connection (RFC 9266 tls-exporter, RFC 5929 tls-server-end-point). */
export interface TlsBindings {
  /** The types this connection can bind to; cheap, as it is asked at every stream restart. */
  types(): string[];
  /** The binding data of one type, computed only when a -PLUS exchange needs it. */
  data(type: string): Buffer | undefined;
}

export interface SaslContext {
  host: HostRecord;
  remoteAddress: string;
  isSecure: boolean;
  tls: TlsBindings | undefined;
}

export type SaslStep =
  | { kind: 'challenge'; data: Buffer }
  | { kind: 'success'; username: string; data?: Buffer }
  /** `username`: the name the client gave, for the member's login history. */
  | { kind: 'failure'; condition: SaslFailureCondition; text?: string; username?: string };

export interface SaslExchange {
  step(response: Buffer): Promise<SaslStep>;
}

export interface SaslAuthenticator {
  mechanisms(ctx: SaslContext): string[];
  /** XEP-0440 channel-binding types this connection supports. */
  channelBindingTypes(ctx: SaslContext): string[];
  start(mechanism: string, ctx: SaslContext): SaslExchange | undefined;
}
