import type { Clock } from '../lib/clock.js';
import type { AccountsTables, AnyDb, PlatformConfig, ScopedDb, ScopedTx } from '../platform/index.js';
import type { AccountsConfig } from './accounts-options.js';

/** Accounts' view of the database: its own tables only (users, customers, sessions, tokens). */
export type AccountsDb = ScopedDb<AccountsTables>;
export type AccountsTx = ScopedTx<AccountsTables>;

/**
 * What accounts needs from the mailer: only sending, inside the caller's transaction so a link is
 * mailed exactly when its token is stored. The platform's mailer satisfies it.
 */
export interface AccountsMailer {
  send(message: { to: string; subject: string; text: string }, options: { tx: AnyDb }): Promise<unknown>;
}

/** Everything an accounts service may touch, passed in explicitly by createAccounts. */
export interface AccountsDeps {
  config: Pick<PlatformConfig, 'publicUrl'> & AccountsConfig;
  clock: Clock;
  db: AccountsDb;
  mailer: AccountsMailer;
}

export function nowIso(deps: Pick<AccountsDeps, 'clock'>): string {
  return deps.clock.now().toISOString();
}

export function isoAfter(deps: Pick<AccountsDeps, 'clock'>, ms: number): string {
  return new Date(deps.clock.nowMs() + ms).toISOString();
}
