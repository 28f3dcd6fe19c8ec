/**
 * Signed reply addresses. Every notification about a ticket says Reply-To
 * `support+t.<ticketId>.<mac>@domain`; the MAC (HMAC-SHA256 of the ticket id under the desk's key,
 * shortened) proves the address came from us, so nobody can post into a ticket by guessing its id.
 * Every notification also names the ticket in References as `<ticketId@tickets.domain>`, so a reply
 * whose address was rewritten can still be threaded by its headers.
 */
import { createHmac } from 'node:crypto';
import { constantTimeEqual } from '../lib/hash.js';

const MAC_LENGTH = 20;

function macOf(key: string, ticketId: string): string {
  return createHmac('sha256', key)
    .update(`ticket-reply:${ticketId}`)
    .digest('base64url')
    .slice(0, MAC_LENGTH)
    .toLowerCase();
}

function splitAddress(address: string): { local: string; domain: string } | null {
  const at = address.lastIndexOf('@');
  if (at <= 0) return null;
  return { local: address.slice(0, at), domain: address.slice(at + 1).toLowerCase() };
}

export function replyAddressFor(key: string, supportAddress: string, ticketId: string): string {
  const parts = splitAddress(supportAddress);
  if (!parts) throw new Error(`support address ${supportAddress} has no domain`);
  return `${parts.local}+t.${ticketId}.${macOf(key, ticketId)}@${parts.domain}`;
}

export type ReplyAddressCheck =
  { kind: 'ticket'; ticketId: string } | { kind: 'plain' } | { kind: 'bad_token' } | { kind: 'foreign' };

/** Reads a recipient: our plain address, a correctly signed plus-address, a forged one, or someone else's. */
export function readReplyAddress(key: string, supportAddress: string, recipient: string): ReplyAddressCheck {
  const ours = splitAddress(supportAddress);
  const theirs = splitAddress(recipient.trim());
  if (!ours || !theirs || theirs.domain !== ours.domain) return { kind: 'foreign' };
  const local = theirs.local.toLowerCase();
  const base = ours.local.toLowerCase();
  if (local === base) return { kind: 'plain' };
  if (!local.startsWith(`${base}+`)) return { kind: 'foreign' };
  const match = /^t\.([a-z0-9_]+)\.([a-z0-9_-]+)$/.exec(local.slice(base.length + 1));
  if (!match?.[1] || !match[2]) return { kind: 'bad_token' };
  return constantTimeEqual(match[2], macOf(key, match[1]))
    ? { kind: 'ticket', ticketId: match[1] }
    : { kind: 'bad_token' };
}

export function threadIdFor(supportAddress: string, ticketId: string): string {
  return `<${ticketId}@tickets.${splitAddress(supportAddress)?.domain ?? 'imhost.invalid'}>`;
}

/** The ticket a reply's In-Reply-To / References point at, if any of them is one of our thread ids. */
export function ticketIdFromReferences(supportAddress: string, references: string[]): string | null {
  const suffix = `@tickets.${splitAddress(supportAddress)?.domain ?? 'imhost.invalid'}>`;
  for (const reference of references) {
    const trimmed = reference.trim().toLowerCase();
    const normalized = trimmed.startsWith('<') ? trimmed : `<${trimmed}>`;
    if (normalized.endsWith(suffix)) {
      const id = normalized.slice(1, -suffix.length);
      if (/^tkt_[a-z0-9]+$/.test(id)) return id;
    }
  }
  return null;
}
