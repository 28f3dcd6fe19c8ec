/**
 * When to renew a certificate: in the CA's ARI window when it gives one (RFC 9773), else at two
 * thirds of the lifetime. After a failure, back off: an hour, doubling to a day, or as long as the
 * CA's rate limit asks. Pure.
 */
export interface Lifetime {
  notBefore: Date;
  notAfter: Date;
}

export interface RenewalWindow {
  start: Date;
  end: Date;
}

export function renewalTime(lifetime: Lifetime, ari?: RenewalWindow): Date {
  if (ari && ari.end.getTime() > ari.start.getTime())
    return new Date(ari.start.getTime() + (ari.end.getTime() - ari.start.getTime()) / 2);
  const span = lifetime.notAfter.getTime() - lifetime.notBefore.getTime();
  return new Date(lifetime.notBefore.getTime() + Math.floor((span * 2) / 3));
}

const HOUR_MS = 3_600_000;

export function retryTime(now: Date, failures: number, retryAfterSeconds?: number): Date {
  const backoff = Math.min(HOUR_MS * 2 ** Math.max(0, failures - 1), 24 * HOUR_MS);
  return new Date(now.getTime() + Math.max(backoff, (retryAfterSeconds ?? 0) * 1000));
}

/** Retry-After as delay-seconds or an HTTP-date (RFC 9110 §10.2.3), read against our clock. */
export function retryAfterToSeconds(header: string | undefined, now: Date): number | undefined {
  if (header === undefined) return undefined;
  if (/^\d+$/.test(header.trim())) return Number(header.trim());
  const at = Date.parse(header);
  if (Number.isNaN(at)) return undefined;
  return Math.max(0, Math.ceil((at - now.getTime()) / 1000));
}

/**
 * When to ask the CA's renewalInfo again while waiting for the renewal (RFC 9773 §4.3): after its
 * Retry-After, kept between an hour and a day, or six hours when it gave none; never after the
 * renewal itself, which asks again anyway.
 */
export function ariRecheckTime(now: Date, renewAt: Date, retryAfterSeconds?: number): Date {
  const wait = Math.min(Math.max((retryAfterSeconds ?? 6 * 3600) * 1000, HOUR_MS), 24 * HOUR_MS);
  return new Date(Math.min(now.getTime() + wait, renewAt.getTime()));
}

/** RFC 9773 §4.1: base64url(AKI keyIdentifier) "." base64url(serial number, DER integer bytes). */
export function ariCertId(authorityKeyId: Buffer, serialDer: Buffer): string {
  return `${authorityKeyId.toString('base64url')}.${serialDer.toString('base64url')}`;
}
