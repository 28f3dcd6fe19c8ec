/**
 * Where a domain registered through the provider is renewed. Two adapters: `manual` (a staff task;
 * staff renew at their registrar and record the new expiry) and `epp` (RFC 5730/5731 over TLS).
 */
export interface RenewRequest {
  renewalId: string;
  customerId: string;
  domain: string;
  /** The expiry renewed from; the registrar refuses a renewal from another one (RFC 5731 `curExpDate`). */
  curExpDate: string;
  years: number;
  attempt: number;
}

export type RenewOutcome =
  /** Renewed; the registrar's new expiry. */
  | { kind: 'renewed'; expiresAt: string }
  /** Left with staff (the manual registrar's task); the renewal goes on when they record it. */
  | { kind: 'pending' }
  /** The registrar will not renew it (the name is not ours, a lock, a policy): a refund follows. */
  | { kind: 'refused'; reason: string }
  /** No answer or a passing error: asked again later with the same `curExpDate`. */
  | { kind: 'failed'; reason: string };

export interface RegistrarPort {
  readonly name: 'manual' | 'epp';
  renew(request: RenewRequest): Promise<RenewOutcome>;
  /** The expiry the registrar has now (EPP `info`), to confirm a renewal; null where it cannot tell. */
  currentExpiry(domain: string): Promise<string | null>;
}
