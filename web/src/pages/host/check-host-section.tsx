import { useState, type FormEvent } from 'react';
import { Link } from 'react-router';
import { api, unwrap } from '../../api/client';
import type { DiagnosticReport, DiagnosticStep } from '../../api/views';
import { Field } from '../../components/field';
import { FormStatus } from '../../components/form-status';
import { useSubmit } from '../../hooks/use-submit';

const stepStatus: Record<DiagnosticStep['status'], { label: string; tone: string }> = {
  passed: { label: 'Passed', tone: 'badge-success' },
  warning: { label: 'Warning', tone: 'badge-warning' },
  failed: { label: 'Failed', tone: 'badge-danger' },
  skipped: { label: 'Skipped', tone: 'badge-neutral' },
};

/**
 * "Check my IM host": the steps a member's app goes through, each with what was found and how to
 * fix it. A member's password may be typed for the login test; it is sent once and then forgotten.
 */
export function CheckHostSection({
  hostId,
  domain,
  isCustomer,
}: {
  hostId: string;
  domain: string;
  isCustomer: boolean;
}) {
  const run = useSubmit();
  const attach = useSubmit();
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const [report, setReport] = useState<DiagnosticReport | null>(null);
  const [ticketId, setTicketId] = useState<string | null>(null);

  async function handleSubmit(event: FormEvent) {
    event.preventDefault();
    const credentials = username || password ? { username, password } : {};
    // Typed once: the password leaves this page's memory as soon as it is sent.
    setPassword('');
    setTicketId(null);
    attach.reset();
    await run.run(async () => {
      const answer = await unwrap(
        api.POST('/api/v1/hosts/{id}/diagnostics', { params: { path: { id: hostId } }, body: credentials }),
      );
      setReport(answer);
      const problems = answer.steps.filter((step) => step.status === 'failed').length;
      return problems === 0 ? 'The check found no problem.' : 'The check found a problem: see the fix below.';
    });
  }

  async function attachToTicket() {
    if (!report) return;
    await attach.run(async () => {
      const detail = await unwrap(
        api.POST('/api/v1/hosts/{id}/diagnostics/{reportId}/ticket', {
          params: { path: { id: hostId, reportId: report.id } },
          body: {},
        }),
      );
      setTicketId(detail.ticket.id);
      return 'A support ticket was opened with this report attached.';
    });
  }

  return (
    <section className="panel" aria-labelledby="check-title">
      <h2 id="check-title">Check my IM host</h2>
      <p className="muted">
        Members cannot connect? This goes through the steps their apps go through for {domain}: finding the
        server, reaching it, the secure connection and certificate, and signing in. Each step says what is
        wrong and how to fix it.
      </p>
      <form onSubmit={(event) => void handleSubmit(event)} noValidate>
        <div className="form-grid">
          <Field
            label="Member (optional)"
            name="username"
            autoComplete="off"
            value={username}
            onChange={(event) => setUsername(event.target.value)}
            hint={`To test signing in: a username, or name@${domain}.`}
            error={run.fieldError('username')}
          />
          <Field
            label="Their password (optional)"
            name="password"
            type="password"
            autoComplete="off"
            value={password}
            onChange={(event) => setPassword(event.target.value)}
            hint="Used for this one test; never stored."
            error={run.fieldError('password')}
          />
        </div>
        <div className="form-actions">
          <button type="submit" className="button button-primary" disabled={run.isPending}>
            {run.isPending ? 'Checking…' : 'Run the check'}
          </button>
        </div>
      </form>
      <FormStatus submission={run} />
      {report && (
        <>
          <ol className="check-steps" aria-label="Check results">
            {report.steps.map((step) => (
              <CheckStep key={step.name} step={step} />
            ))}
          </ol>
          {report.performance && (
            <div className="check-step">
              <p className="check-step-title">
                <span
                  className={`badge ${report.performance.status === 'slower' ? 'badge-warning' : report.performance.status === 'normal' ? 'badge-success' : 'badge-neutral'}`}
                >
                  {performanceLabel[report.performance.status]}
                </span>{' '}
                <strong>Performance</strong>
              </p>
              <p>{report.performance.summary}</p>
            </div>
          )}
          {isCustomer && (
            <div className="form-actions">
              <button
                type="button"
                className="button button-secondary"
                disabled={attach.isPending || ticketId !== null}
                onClick={() => void attachToTicket()}
              >
                {attach.isPending ? 'Opening a ticket…' : 'Attach to a support ticket'}
              </button>
            </div>
          )}
          <FormStatus submission={attach} />
          {ticketId && (
            <p>
              <Link to={`/support/tickets/${ticketId}`}>Open the ticket</Link>
            </p>
          )}
        </>
      )}
    </section>
  );
}

const performanceLabel = {
  normal: 'Normal',
  slower: 'Slower than usual',
  unknown: 'Not enough data',
} as const;

function CheckStep({ step }: { step: DiagnosticStep }) {
  const status = stepStatus[step.status];
  return (
    <li className="check-step">
      <p className="check-step-title">
        <span className={`badge ${status.tone}`}>{status.label}</span> <strong>{step.title}</strong>
      </p>
      <p>{step.result}</p>
      {step.symptom && (
        <p className="muted">
          Apps show: <q>{step.symptom}</q>
        </p>
      )}
      {step.fix && (
        <p className={`note${step.status === 'failed' ? ' note-danger' : ''}`}>
          <strong>How to fix it: </strong>
          {step.fix}
        </p>
      )}
      {step.details.length > 0 && (
        <details className="subform-details">
          <summary>What was found</summary>
          <ul className="check-step-details">
            {step.details.map((detail) => (
              <li key={detail}>{detail}</li>
            ))}
          </ul>
        </details>
      )}
    </li>
  );
}
