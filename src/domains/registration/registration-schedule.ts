/**
 * The registration's calendar, as pure functions of the expiry and the clock: its state, when RDAP
 * is asked again, and which reminder is due.
 */
import type { RegistrationState } from '../../platform/index.js';

const DAY_MS = 86_400_000;
/** Within this many days of the expiry a domain is `expiring`, and RDAP is asked daily. */
export const EXPIRING_DAYS = 30;
/** Reminders, in days from the expiry (negative: before it). */
export const REMINDER_OFFSETS = [-30, -7, -1, 1, 5] as const;
export type ReminderOffset = (typeof REMINDER_OFFSETS)[number];

/** RFC 9083 §10.2.2 statuses that mean the registry is deleting the name. */
const REDEMPTION_STATUSES = new Set(['redemption period', 'pending delete', 'pending restore']);

export function registrationState(
  expiresAt: string | null,
  statuses: readonly string[],
  nowMs: number,
): RegistrationState {
  if (statuses.some((status) => REDEMPTION_STATUSES.has(status))) return 'redemption';
  if (expiresAt === null) return 'unknown';
  const left = Date.parse(expiresAt) - nowMs;
  if (left <= 0) return 'expired';
  return left <= EXPIRING_DAYS * DAY_MS ? 'expiring' : 'active';
}

/** Weekly, and daily in the last 30 days and after the expiry; daily too while nothing is known. */
export function nextCheckAt(expiresAt: string | null, nowMs: number): Date {
  const isClose = expiresAt === null || Date.parse(expiresAt) - nowMs <= EXPIRING_DAYS * DAY_MS;
  const next = nowMs + (isClose ? DAY_MS : 7 * DAY_MS);
  // A weekly check never jumps over the start of the daily ones.
  if (!isClose) return new Date(Math.min(next, Date.parse(expiresAt!) - EXPIRING_DAYS * DAY_MS));
  return new Date(next);
}

export function reminderAt(expiresAt: string, offset: ReminderOffset): number {
  return Date.parse(expiresAt) + offset * DAY_MS;
}

/**
 * The reminder due now: the latest offset whose moment has come, so a domain first seen a few days
 * before its expiry gets the reminder of that moment and not the earlier ones as well. Whether it
 * went out already is the caller's to know (its unique key).
 */
export function dueReminder(expiresAt: string, nowMs: number): ReminderOffset | null {
  let due: ReminderOffset | null = null;
  for (const offset of REMINDER_OFFSETS) if (reminderAt(expiresAt, offset) <= nowMs) due = offset;
  return due;
}

/**
 * The names RDAP is asked for, longest first, down to two labels: the first one the registry knows
 * is the registered domain (`example.co.uk` of `chat.example.co.uk`) without a public-suffix list.
 */
export function registrableCandidates(hostDomain: string): string[] {
  const labels = hostDomain.toLowerCase().replace(/\.$/, '').split('.');
  const candidates: string[] = [];
  for (let i = 0; i <= labels.length - 2; i += 1) candidates.push(labels.slice(i).join('.'));
  return candidates;
}

/** The TLD the registry prices by: everything after the registered label. */
export function tldOf(domain: string): string {
  return domain.slice(domain.indexOf('.') + 1);
}

/** TLDs that no registry serves (RFC 2606, RFC 6761): nothing to ask RDAP about. */
const RESERVED_TLDS = new Set(['test', 'example', 'invalid', 'localhost', 'local', 'internal']);

export function isReservedName(domain: string): boolean {
  return RESERVED_TLDS.has(domain.slice(domain.lastIndexOf('.') + 1).toLowerCase());
}
