/**
 * SCRAM-SHA-1 and SCRAM-SHA-256 (RFC 5802, RFC 7677), with the -PLUS variants binding the exchange
 * to the TLS connection (RFC 9266 `tls-exporter`, RFC 5929 `tls-server-end-point`). Verified
 * against the stored StoredKey/ServerKey; the password never reaches the server.
 */
import { randomBytes } from 'node:crypto';
import { constantTimeEqual } from '../../lib/hash.js';
import { h, hmac, xorBuffers, type ScramHash } from '../../lib/scram.js';
import type { MemberCredentials, SaslContext, SaslExchange, SaslStep } from '../core/index.js';
import {
  failed,
  refuseEarly,
  standInCredentials,
  succeeded,
  type CredentialCheckDeps,
} from './credential-check.js';
import { prepareUsername } from './sasl-names.js';

export type ChannelBindingType = 'tls-exporter' | 'tls-server-end-point';

export interface ScramOptions {
  hash: ScramHash;
  isPlus: boolean;
  /** Whether the server offers -PLUS on this connection: a client saying "y" then hints at a downgrade. */
  serverOffersPlus: boolean;
  /** Tests pass the RFC vectors' nonce. */
  serverNonce?: () => string;
}

const malformed: SaslStep = { kind: 'failure', condition: 'malformed-request' };

/** RFC 5802 §5.1: `=2C` and `=3D` escape `,` and `=` in names. */
function decodeSaslName(value: string): string | null {
  if (/=(?!2C|3D)/.test(value)) return null;
  return value.replace(/=2C/g, ',').replace(/=3D/g, '=');
}

function attributes(message: string): Map<string, string> | null {
  const out = new Map<string, string>();
  for (const part of message.split(',')) {
    if (!/^[a-zA-Z]=/.test(part)) return null;
    out.set(part[0]!, part.slice(2));
  }
  return out;
}

export function channelBindingData(ctx: SaslContext, type: string): Buffer | undefined {
  return ctx.tls?.types().includes(type) ? ctx.tls.data(type) : undefined;
}

export function createScramExchange(
  deps: CredentialCheckDeps,
  ctx: SaslContext,
  options: ScramOptions,
): SaslExchange {
  let state: 'first' | 'final' | 'done' = 'first';
  let username = '';
  let gs2Header = '';
  let nonce = '';
  let clientFirstBare = '';
  let serverFirst = '';
  let bindingData: Buffer = Buffer.alloc(0);
  let credentials: MemberCredentials;

  async function first(message: string): Promise<SaslStep> {
    // gs2-header: cb-flag "," [authzid] ","
    const match = /^(n|y|p=[a-zA-Z0-9.-]+),(a=[^,]*)?,(.*)$/s.exec(message);
    if (!match) return malformed;
    const [, cbFlag, authzid, bare] = match as unknown as [string, string, string | undefined, string];
    // COMPAT(slixmpp 1.8): it picks -PLUS whenever offered, then finds no tls-unique under TLS 1.3
    // and sends "n". That is plain SCRAM, no weaker than the non-PLUS mechanism, so accept it as such.
    if (options.isPlus && cbFlag !== 'n') {
      if (!cbFlag.startsWith('p=')) return malformed;
      const data = channelBindingData(ctx, cbFlag.slice(2));
      if (!data)
        return {
          kind: 'failure',
          condition: 'invalid-mechanism',
          text: `channel binding ${cbFlag.slice(2)} is not supported here; use tls-exporter or tls-server-end-point`,
        };
      bindingData = data;
    } else if (cbFlag.startsWith('p=')) {
      return malformed;
    } else if (cbFlag === 'y' && options.serverOffersPlus) {
      return { kind: 'failure', condition: 'not-authorized', text: 'channel binding downgrade detected' };
    }
    const attrs = attributes(bare);
    const rawName = attrs?.get('n');
    const clientNonce = attrs?.get('r');
    if (
      !attrs ||
      attrs.has('m') ||
      rawName === undefined ||
      !clientNonce ||
      !/^[\x21-\x2b\x2d-\x7e]+$/.test(clientNonce)
    )
      return malformed;
    const decoded = decodeSaslName(rawName);
    const name = decoded === null ? null : prepareUsername(decoded);
    if (name === null) return { kind: 'failure', condition: 'not-authorized' };
    if (authzid !== undefined) {
      const requested = decodeSaslName(authzid.slice(2));
      if (requested !== `${name}@${ctx.host.domain}` && requested !== name)
        return { kind: 'failure', condition: 'invalid-authzid' };
    }
    username = name;
    const refusal = await refuseEarly(deps, ctx, username);
    if (refusal) return refusal;
    credentials =
      (await deps.directory.getCredentials(ctx.host.id, username)) ?? standInCredentials(ctx, username);
    gs2Header = message.slice(0, message.length - bare.length);
    clientFirstBare = bare;
    nonce = clientNonce + (options.serverNonce?.() ?? randomBytes(18).toString('base64'));
    serverFirst = `r=${nonce},s=${credentials.salt.toString('base64')},i=${credentials.iterations}`;
    state = 'final';
    return { kind: 'challenge', data: Buffer.from(serverFirst) };
  }

  function final(message: string): SaslStep {
    state = 'done';
    const proofAt = message.lastIndexOf(',p=');
    if (proofAt < 0) return malformed;
    const withoutProof = message.slice(0, proofAt);
    const attrs = attributes(withoutProof);
    const proof = Buffer.from(message.slice(proofAt + 3), 'base64');
    if (!attrs || attrs.get('r') !== nonce) return malformed;
    const expectedBinding = Buffer.concat([Buffer.from(gs2Header), bindingData]).toString('base64');
    if (!constantTimeEqual(attrs.get('c') ?? '', expectedBinding))
      return { kind: 'failure', condition: 'not-authorized', text: 'channel binding mismatch' };
    const keys = credentials[options.hash];
    const authMessage = `${clientFirstBare},${serverFirst},${withoutProof}`;
    const clientSignature = hmac(options.hash, keys.storedKey, authMessage);
    if (proof.length !== clientSignature.length) return failed(deps, ctx, username);
    const clientKey = xorBuffers(proof, clientSignature);
    if (!constantTimeEqual(h(options.hash, clientKey), keys.storedKey)) return failed(deps, ctx, username);
    const serverSignature = hmac(options.hash, keys.serverKey, authMessage);
    return succeeded(
      deps,
      ctx,
      username,
      credentials,
      Buffer.from(`v=${serverSignature.toString('base64')}`),
    );
  }

  return {
    async step(response) {
      const message = response.toString('utf8');
      if (state === 'first') return first(message);
      if (state === 'final') return final(message);
      return malformed;
    },
  };
}
