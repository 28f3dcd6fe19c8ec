/**
 * Each customer's domain deadlines as an iCalendar feed (RFC 5545): the expiry of every domain, and
 * the day an auto-renewing one is invoiced and renewed. Calendar apps fetch it without a cookie,
 * so its URL carries a secret; a new secret replaces the old one.
 */
import { sha256Hex } from '../../lib/hash.js';
import { newSecret } from '../../lib/ids.js';
import { nowIso, type RegistrationDeps } from './registration-deps.js';
import { listCustomerRegistrations } from './registrations.repository.js';

const DAY_MS = 86_400_000;

export async function createCalendarToken(deps: RegistrationDeps, customerId: string): Promise<string> {
  const token = newSecret(24);
  await deps.db
    .insertInto('domain_calendar_feeds')
    .values({ customer_id: customerId, token_hash: sha256Hex(token), created_at: nowIso(deps) })
    .onConflict((oc) =>
      oc.column('customer_id').doUpdateSet({ token_hash: sha256Hex(token), created_at: nowIso(deps) }),
    )
    .execute();
  return token;
}

export async function customerOfCalendarToken(deps: RegistrationDeps, token: string): Promise<string | null> {
  const row = await deps.db
    .selectFrom('domain_calendar_feeds')
    .select('customer_id')
    .where('token_hash', '=', sha256Hex(token))
    .executeTakeFirst();
  return row?.customer_id ?? null;
}

/** RFC 5545 §3.3.11: backslash, semicolon, comma and newline are escaped in text. */
export function escapeText(text: string): string {
  return text.replace(/\\/g, '\\\\').replace(/;/g, '\\;').replace(/,/g, '\\,').replace(/\r?\n/g, '\\n');
}

/** RFC 5545 §3.1: lines longer than 75 octets are folded with CRLF and a space, not inside a character. */
export function foldLine(line: string): string {
  const parts: string[] = [];
  let current = '';
  for (const char of line) {
    const limit = parts.length === 0 ? 75 : 74;
    if (Buffer.byteLength(current + char, 'utf8') > limit) {
      parts.push(current);
      current = '';
    }
    current += char;
  }
  parts.push(current);
  return parts.join('\r\n ');
}

const dateOf = (iso: string) => iso.slice(0, 10).replace(/-/g, '');
const stampOf = (iso: string) => iso.replace(/[-:]/g, '').replace(/\.\d{3}/, '');

export interface CalendarEvent {
  uid: string;
  day: string;
  summary: string;
  description: string;
  url: string;
}

export function renderCalendar(events: CalendarEvent[], stamp: string): string {
  const lines = [
    'BEGIN:VCALENDAR',
    'VERSION:2.0',
    'PRODID:-//imhost//domain deadlines//EN',
    'CALSCALE:GREGORIAN',
    'X-WR-CALNAME:Domain deadlines',
  ];
  for (const event of events) {
    const next = new Date(Date.parse(event.day) + DAY_MS).toISOString();
    lines.push(
      'BEGIN:VEVENT',
      `UID:${event.uid}`,
      `DTSTAMP:${stampOf(stamp)}`,
      `DTSTART;VALUE=DATE:${dateOf(event.day)}`,
      `DTEND;VALUE=DATE:${dateOf(next)}`,
      `SUMMARY:${escapeText(event.summary)}`,
      `DESCRIPTION:${escapeText(event.description)}`,
      `URL:${event.url}`,
      'END:VEVENT',
    );
  }
  lines.push('END:VCALENDAR');
  return lines.map(foldLine).join('\r\n') + '\r\n';
}

/** The customer's deadlines: each domain's expiry, and the day auto-renewal takes it in hand. */
export async function customerCalendar(
  deps: RegistrationDeps,
  customerId: string,
  leadDays: number,
): Promise<string> {
  const events: CalendarEvent[] = [];
  for (const row of await listCustomerRegistrations(deps.db, customerId)) {
    if (!row.expires_at || !row.domain) continue;
    const url = `${deps.publicUrl}/hosts/${encodeURIComponent(row.host_id)}`;
    const isAutoRenewing = row.auto_renew === 1 && row.is_through_provider === 1;
    events.push({
      uid: `${row.id}-${dateOf(row.expires_at)}-expiry@imhost`,
      day: row.expires_at,
      summary: `${row.domain} expires`,
      description: isAutoRenewing
        ? `Auto-renewal is on for ${row.domain} (IM host ${row.host_domain}).`
        : `Renew ${row.domain} before this day, or the IM host ${row.host_domain} stops working.`,
      url,
    });
    if (isAutoRenewing)
      events.push({
        uid: `${row.id}-${dateOf(row.expires_at)}-renewal@imhost`,
        day: new Date(Date.parse(row.expires_at) - leadDays * DAY_MS).toISOString(),
        summary: `${row.domain} is renewed`,
        description: `We invoice and renew ${row.domain} for a year from this day.`,
        url,
      });
  }
  events.sort((a, b) => a.day.localeCompare(b.day) || a.uid.localeCompare(b.uid));
  return renderCalendar(events, nowIso(deps));
}
