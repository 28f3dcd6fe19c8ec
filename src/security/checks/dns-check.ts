import { checkResult, type CheckResult } from './check-result.js';

/** One record as the domains area last checked it (its host-page view). */
export interface CheckedRecord {
  type: string;
  name: string;
  expected: string;
  status: 'ok' | 'missing' | 'wrong' | 'error' | 'unchecked';
  explanation: string | null;
}

/** The records the domains area checks: any wrong or missing fails (apps will not find the host). */
export function judgeDns(records: readonly CheckedRecord[] | undefined): CheckResult {
  if (!records)
    return checkResult('dns', 'warn', 'The DNS records could not be read.', { fixedBy: 'provider' });
  const details = records.map((r) => `${r.type} ${r.name}: ${r.status === 'ok' ? 'right' : r.status}`);
  const broken = records.filter(
    (r) => r.status === 'missing' || r.status === 'wrong' || r.status === 'error',
  );
  if (broken.length > 0)
    return checkResult(
      'dns',
      'fail',
      `${broken.length} of ${records.length} DNS records are not right, so apps may not find or trust the host.`,
      {
        fix: broken
          .map((r) => r.explanation ?? `Set the ${r.type} record ${r.name} to ${r.expected}.`)
          .join(' '),
        details,
      },
    );
  const unchecked = records.filter((r) => r.status === 'unchecked');
  if (unchecked.length > 0)
    return checkResult('dns', 'warn', 'Some DNS records have not been looked up yet.', {
      fix: 'Press "Check DNS now" in the Domain section of this page.',
      details,
    });
  return checkResult('dns', 'pass', 'Every DNS record the host needs is right.', { details });
}
