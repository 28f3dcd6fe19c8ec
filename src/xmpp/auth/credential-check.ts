/**
 * What every mechanism does around the cryptography: throttling, host and member status, and
 * stand-in credentials for unknown users so a probe cannot tell "no such user" from "wrong password".
 */
import { createHmac, randomBytes } from 'node:crypto';
import { MIN_SCRAM_ITERATIONS } from '../../lib/scram.js';
import type { HostDirectory, MemberCredentials, SaslContext, SaslStep } from '../core/index.js';
import { waitOut, type LoginThrottle } from '../../lib/login-throttle.js';

export interface CredentialCheckDeps {
  directory: HostDirectory;
  throttle: LoginThrottle;
}

type Failure = Extract<SaslStep, { kind: 'failure' }>;

/** Per-process secret for stand-in salts: stable for one name, unguessable from outside. */
const standInSecret = randomBytes(32);

export function standInCredentials(ctx: SaslContext, username: string): MemberCredentials {
  const salt = createHmac('sha256', standInSecret)
    .update(`${ctx.host.id}\0${username}`)
    .digest()
    .subarray(0, 16);
  const random = () => ({ storedKey: randomBytes(32), serverKey: randomBytes(32) });
  return {
    memberId: '',
    status: 'active',
    salt,
    iterations: MIN_SCRAM_ITERATIONS,
    sha1: random(),
    sha256: random(),
  };
}

/** The throttle's accounts are host-scoped: every member of a host shares this prefix. */
export const hostAccountsPrefix = (hostId: string): string => `${hostId}:`;

export function accountKey(ctx: SaslContext, username: string): string {
  return `${hostAccountsPrefix(ctx.host.id)}${username}`;
}

/** Checks made before any proof is looked at; a slowed-down account waits here. */
export async function refuseEarly(
  deps: CredentialCheckDeps,
  ctx: SaslContext,
  username: string,
): Promise<Failure | undefined> {
  if (ctx.host.status === 'suspended')
    return {
      kind: 'failure',
      condition: 'account-disabled',
      text: 'This service is suspended. The account holder can see why, and reactivate it, in the dashboard.',
      username,
    };
  const gate = deps.throttle.gate(accountKey(ctx, username), ctx.remoteAddress);
  if (gate.kind === 'refuse')
    return {
      kind: 'failure',
      condition: 'temporary-auth-failure',
      text: `Too many failed login attempts from your address. Try again in ${Math.ceil(gate.retryAfterMs / 1000)} seconds.`,
      username,
    };
  await waitOut(gate.delayMs);
  return undefined;
}

export function failed(deps: CredentialCheckDeps, ctx: SaslContext, username: string): Failure {
  deps.throttle.recordFailure(accountKey(ctx, username), ctx.remoteAddress);
  return { kind: 'failure', condition: 'not-authorized', username };
}

/** After a correct proof: a disabled member is told so (the proof shows it is really them). */
export function succeeded(
  deps: CredentialCheckDeps,
  ctx: SaslContext,
  username: string,
  credentials: MemberCredentials,
  data?: Buffer,
): SaslStep {
  if (credentials.status !== 'active')
    return { kind: 'failure', condition: 'account-disabled', text: 'This account is disabled.', username };
  deps.throttle.recordSuccess(accountKey(ctx, username), ctx.remoteAddress);
  return { kind: 'success', username, ...(data ? { data } : {}) };
}
