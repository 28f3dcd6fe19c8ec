import type { Logger } from 'pino';
import type { Accounts } from '../accounts/index.js';
import type { Clock } from '../lib/clock.js';
import type { IdSource, Mailer, Platform, ScopedDb, SecurityTables } from '../platform/index.js';
import type { Tenancy } from '../tenancy/index.js';
import type { CheckedRecord } from './checks/dns-check.js';
import type { HeldCertificate } from './checks/certificate-check.js';
import type { FailedLoginHistory } from './checks/login-spike-check.js';
import type { ThrottledMember } from './checks/member-checks.js';

/** The security area's view of the database: its own tables only (security_*). */
export type SecurityDb = ScopedDb<SecurityTables>;

/** Where the XMPP listeners answer, once they do: the TLS and SASL checks connect there. */
export interface AuditEndpoints {
  host: string;
  starttlsPort: number;
  directTlsPort: number;
}

/** What the domains area knows of a host's domain (its host-page view), read through a port. */
export interface DomainFacts {
  certificate: HeldCertificate;
  dns: CheckedRecord[];
}

/** What the IM server's login throttle knows; absent where no IM server runs (the CLI). */
export interface LoginWatch {
  throttledMembers(hostId: string): ThrottledMember[];
  windowMinutes: number;
}

/** Filled by the composition root: the areas the audit reads but may not import. */
export interface SecurityPorts {
  domainFacts(hostId: string): Promise<DomainFacts>;
  loginWatch(): LoginWatch | undefined;
  failedLoginHistory(): FailedLoginHistory | undefined;
  /** The XMPP listeners, once they listen. */
  endpoints(): AuditEndpoints | undefined;
  /** Who hears of a new failure besides the customer's owners. */
  staffEmails(): Promise<string[]>;
}

export interface SecurityDeps {
  db: SecurityDb;
  clock: Clock;
  newId: IdSource;
  tenancy: Pick<Tenancy, 'hosts'>;
  accounts: Pick<Accounts, 'listTeam' | 'listStaff' | 'findCustomerNames'>;
  platform: Pick<Platform, 'releaseFeed'>;
  mailer: Mailer;
  logger: Logger;
  ports: SecurityPorts;
  config: { publicUrl: string; staff2fa: 'required' | 'optional'; version: string };
}
