/**
 * `imhost doctor`: what it checks, in the order its exit code looks at them, and the code each
 * failure gives. Warnings do not change the exit code; only failures do, the first in this order.
 */
export const DOCTOR_CHECKS = [
  'configuration',
  'database',
  'ports',
  'certificates',
  'dns',
  'disk_space',
  'clock',
  'release_feed',
] as const;

export type DoctorCheckName = (typeof DOCTOR_CHECKS)[number];

/** 1 to 8, one per check; 64 (usage) and 70 (internal) stay what they are for every command. */
export const DOCTOR_EXIT: Record<DoctorCheckName, number> = Object.fromEntries(
  DOCTOR_CHECKS.map((name, index) => [name, index + 1]),
) as Record<DoctorCheckName, number>;

export interface DoctorFinding {
  check: DoctorCheckName;
  /** What was looked at: a host's domain, a port, the data directory… */
  subject: string;
  status: 'ok' | 'warn' | 'fail';
  /** What was found and, when it is not ok, what to do. */
  detail: string;
}

export function finding(
  check: DoctorCheckName,
  subject: string,
  status: DoctorFinding['status'],
  detail: string,
): DoctorFinding {
  return { check, subject, status, detail };
}

/** The exit code of a doctor run: 0 unless something failed, then the code of the first check that did. */
export function doctorExitCode(findings: DoctorFinding[]): number {
  const failed = new Set(findings.filter((f) => f.status === 'fail').map((f) => f.check));
  const first = DOCTOR_CHECKS.find((name) => failed.has(name));
  return first ? DOCTOR_EXIT[first] : 0;
}
