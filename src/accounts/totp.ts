import { Secret, TOTP } from 'otpauth';

/** RFC 6238 as every authenticator app understands it: SHA-1, 6 digits, 30-second steps. */
const PERIOD_SECONDS = 30;
const DIGITS = 6;
/** One step either side absorbs clock drift between the phone and the server. */
const WINDOW_STEPS = 1;

function totpFor(secretBase32: string, label = 'imhost'): TOTP {
  return new TOTP({
    issuer: 'imhost',
    label,
    algorithm: 'SHA1',
    digits: DIGITS,
    period: PERIOD_SECONDS,
    secret: Secret.fromBase32(secretBase32),
  });
}

export function newTotpSecret(): string {
  return new Secret({ size: 20 }).base32;
}

export function totpStepAt(nowMs: number): number {
  return Math.floor(nowMs / 1000 / PERIOD_SECONDS);
}

export function totpUri(secretBase32: string, accountEmail: string): string {
  return totpFor(secretBase32, accountEmail).toString();
}

export function totpCodeAt(secretBase32: string, nowMs: number): string {
  return totpFor(secretBase32).generate({ timestamp: nowMs });
}

/**
 * Returns the time step the code belongs to, or null when it is wrong or already used. A code is
 * refused if its step is not after `lastUsedStep`, so a code seen over someone's shoulder (or
 * replayed from a log) cannot be used a second time within its window.
 */
export function matchTotpStep(input: {
  secretBase32: string;
  code: string;
  nowMs: number;
  lastUsedStep: number | null;
}): number | null {
  if (!/^\d{6}$/.test(input.code)) return null;
  const delta = totpFor(input.secretBase32).validate({
    token: input.code,
    timestamp: input.nowMs,
    window: WINDOW_STEPS,
  });
  if (delta === null) return null;
  const step = totpStepAt(input.nowMs) + delta;
  if (input.lastUsedStep !== null && step <= input.lastUsedStep) return null;
  return step;
}
