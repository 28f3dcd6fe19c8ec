/**
 * The components the operator allows (XEP-0114), configured as `domain=secret` pairs, and the
 * handshake a component proves its secret with (§3: hex SHA-1 of the stream id and the secret).
 */
import { createHash, timingSafeEqual } from 'node:crypto';

/** A component's domain and its secret, as the option writes it. */
export const COMPONENT_ENTRY = /^[a-z0-9-]+(\.[a-z0-9-]+)+=.{8,}$/;

export function parseComponents(entries: readonly string[]): Map<string, string> {
  const components = new Map<string, string>();
  for (const entry of entries) {
    const at = entry.indexOf('=');
    components.set(entry.slice(0, at), entry.slice(at + 1));
  }
  return components;
}

/** The domain a component domain sits under: `gateway.chat.example` → `chat.example`. */
export function parentDomain(domain: string): string {
  return domain.slice(domain.indexOf('.') + 1);
}

export function handshakeDigest(streamId: string, secret: string): string {
  return createHash('sha1')
    .update(streamId + secret)
    .digest('hex');
}

export function isHandshakeValid(streamId: string, secret: string, digest: string): boolean {
  const expected = Buffer.from(handshakeDigest(streamId, secret));
  const given = Buffer.from(digest.trim().toLowerCase());
  return given.length === expected.length && timingSafeEqual(given, expected);
}
