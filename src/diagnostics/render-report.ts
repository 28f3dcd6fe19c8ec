import type { DiagnosticReport } from './views.js';

const MARK = { passed: 'ok', warning: 'WARN', failed: 'FAIL', skipped: 'skip' } as const;

/**
 * The report as plain text, for a support ticket's log: every step with its result, cause, fix and
 * facts. Built only from the stored report, which never holds a password.
 */
export function renderReport(report: DiagnosticReport): string {
  const lines = [
    `Check my IM host: ${report.domain}, ${report.createdAt} (report ${report.id})`,
    `Overall: ${report.status}${report.member ? `; login tested as ${report.member}@${report.domain}` : ''}`,
    '',
  ];
  for (const step of report.steps) {
    lines.push(`[${MARK[step.status]}] ${step.title}: ${step.result}`);
    if (step.cause)
      lines.push(`       cause: ${step.cause}${step.symptom ? ` (apps show "${step.symptom}")` : ''}`);
    if (step.fix) lines.push(`       fix: ${step.fix}`);
    for (const detail of step.details) lines.push(`       - ${detail}`);
  }
  if (report.performance)
    lines.push('', `Performance (${report.performance.status}): ${report.performance.summary}`);
  return lines.join('\n');
}
