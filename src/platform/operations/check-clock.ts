import type { Db } from '../db/index.js';
import { finding, type DoctorFinding } from './doctor-findings.js';
import { databaseClock } from './operations.repository.js';

/** Certificates, TOTP codes and tokens all break when clocks disagree by more than this. */
const FAIL_SKEW_MS = 30_000;
const WARN_SKEW_MS = 2_000;

/**
 * This machine's clock against the database server's (PostgreSQL; SQLite shares this machine's),
 * and whether the business clock is simulated. `machineNow` is read by the caller just before.
 */
export async function checkClock(input: {
  db: Db;
  isPostgres: boolean;
  isSimulated: boolean;
  machineNow: () => Date;
}): Promise<DoctorFinding[]> {
  const findings: DoctorFinding[] = [];
  if (input.isSimulated)
    findings.push(
      finding(
        'clock',
        'IMHOST_CLOCK',
        'warn',
        'the business clock is simulated: invoices and expiries do not follow real time; unset IMHOST_CLOCK in production',
      ),
    );
  if (!input.isPostgres) {
    findings.push(
      finding(
        'clock',
        'system clock',
        'ok',
        `${input.machineNow().toISOString()} (SQLite runs on this machine: nothing to compare)`,
      ),
    );
    return findings;
  }
  const before = input.machineNow().getTime();
  const server = (await databaseClock(input.db)).getTime();
  const after = input.machineNow().getTime();
  // The server read its clock somewhere within the round trip: compare with its middle.
  const skew = server - (before + after) / 2;
  const seconds = (Math.abs(skew) / 1000).toFixed(1);
  const status = Math.abs(skew) > FAIL_SKEW_MS ? 'fail' : Math.abs(skew) > WARN_SKEW_MS ? 'warn' : 'ok';
  findings.push(
    finding(
      'clock',
      'system clock vs PostgreSQL',
      status,
      status === 'ok'
        ? `within ${seconds} s of the database server`
        : `${seconds} s ${skew > 0 ? 'behind' : 'ahead of'} the database server: run time synchronisation (chrony, systemd-timesyncd) on both machines`,
    ),
  );
  return findings;
}
