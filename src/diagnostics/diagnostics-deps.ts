import type { Clock } from '../lib/clock.js';
import type { FixContext } from './fixes.js';

/**
 * The lookups the check makes, answered by the domains area's one resolver (IMHOST_DNS_SERVERS):
 * the same answers its DNS table shows. A rejected lookup means the lookup failed; an empty list
 * means there is no such record.
 */
export interface DiagnosticsDns {
  srv(name: string): Promise<{ priority: number; weight: number; port: number; name: string }[]>;
  addresses(name: string): Promise<string[]>;
}

export interface ProbeDeps {
  dns: DiagnosticsDns;
  clock: Clock;
  timeoutMs: number;
  /** Extra CAs trusted beside the system's (IMHOST_DIAGNOSTICS_CA_FILE, read once). */
  ca: string | undefined;
  fixContext: (domain: string) => FixContext;
}

export interface Credentials {
  username: string;
  password: string;
}
