import { useState, type FormEvent } from 'react';
import { api, unwrap } from '../../api/client';
import type { RegistrarTask, StaffRegistration } from '../../api/views';
import { DateTime } from '../../components/date-time';
import { Field } from '../../components/field';
import { FormStatus } from '../../components/form-status';
import { PageHeader } from '../../components/page-header';
import { DataView, Empty } from '../../components/states';
import { StatusBadge } from '../../components/status-badge';
import { useApiData } from '../../hooks/use-api-data';
import { useSubmit } from '../../hooks/use-submit';

/** Every custom domain's registration, problems first, and the manual registrar's queue. */
export function StaffDomainRegistrationsPage() {
  const tasks = useApiData('/api/v1/admin/domains/registrar-tasks');
  const domains = useApiData('/api/v1/admin/domains/registrations');
  const reload = () => {
    tasks.reload();
    domains.reload();
  };
  return (
    <>
      <PageHeader
        title="Domain registrations"
        description="The registration of every customer's own domain: problems first, then the nearest expiry."
      />
      <section className="panel" aria-labelledby="tasks-title">
        <h2 id="tasks-title">Renewals to do at the registrar</h2>
        <DataView
          state={tasks}
          onRetry={tasks.reload}
          isEmpty={(items) => items.length === 0}
          empty={<Empty title="Nothing to renew by hand" />}
        >
          {(items) => items.map((task) => <TaskRow key={task.id} task={task} onDone={reload} />)}
        </DataView>
      </section>
      <section className="panel" aria-labelledby="domains-title">
        <h2 id="domains-title">Registrations</h2>
        <DataView
          state={domains}
          onRetry={domains.reload}
          isEmpty={(items) => items.length === 0}
          empty={<Empty title="No customer uses a domain of their own yet" />}
        >
          {(items) => <RegistrationTable registrations={items} onChanged={domains.reload} />}
        </DataView>
      </section>
    </>
  );
}

function TaskRow({ task, onDone }: { task: RegistrarTask; onDone: () => void }) {
  const submission = useSubmit();
  const [expiresAt, setExpiresAt] = useState('');
  const [reason, setReason] = useState('');
  const path = { path: { id: task.id } };

  async function complete(event: FormEvent) {
    event.preventDefault();
    const ok = await submission.run(async () => {
      await unwrap(
        api.POST('/api/v1/admin/domains/registrar-tasks/{id}/complete', {
          params: path,
          body: { expiresAt: new Date(`${expiresAt}T00:00:00Z`).toISOString() },
        }),
      );
      return `${task.domain} is recorded as renewed.`;
    });
    if (ok) onDone();
  }
  async function refuse() {
    const ok = await submission.run(async () => {
      await unwrap(
        api.POST('/api/v1/admin/domains/registrar-tasks/{id}/refuse', { params: path, body: { reason } }),
      );
      return `${task.domain}: the refusal is recorded; the customer is refunded.`;
    });
    if (ok) onDone();
  }

  return (
    <div className="subform">
      <h3>
        Renew {task.domain} for {task.years} year{task.years === 1 ? '' : 's'}
      </h3>
      <p className="muted">
        From the expiry <DateTime value={task.curExpDate} /> · paid, waiting since{' '}
        <DateTime value={task.createdAt} />
      </p>
      <form className="inline-form" onSubmit={(event) => void complete(event)}>
        <Field
          label="New expiry at the registrar"
          name={`expires-${task.id}`}
          type="date"
          value={expiresAt}
          onChange={(event) => setExpiresAt(event.target.value)}
          required
        />
        <div className="inline-form-actions">
          <button type="submit" className="button button-primary" disabled={submission.isPending}>
            Record renewal
          </button>
        </div>
      </form>
      <div className="inline-form">
        <Field
          label="Or: why the registrar refused"
          name={`reason-${task.id}`}
          value={reason}
          onChange={(event) => setReason(event.target.value)}
        />
        <div className="inline-form-actions">
          <button
            type="button"
            className="button button-danger-outline"
            disabled={submission.isPending || reason.trim() === ''}
            onClick={() => void refuse()}
          >
            Registrar refused
          </button>
        </div>
      </div>
      <FormStatus submission={submission} />
    </div>
  );
}

function RegistrationTable({
  registrations,
  onChanged,
}: {
  registrations: StaffRegistration[];
  onChanged: () => void;
}) {
  const submission = useSubmit();
  const setThroughUs = (registration: StaffRegistration, isThroughProvider: boolean) =>
    submission.run(async () => {
      await unwrap(
        api.PATCH('/api/v1/admin/domains/{id}', {
          params: { path: { id: registration.id } },
          body: { isThroughProvider },
        }),
      );
      onChanged();
    });
  return (
    <>
      <FormStatus submission={submission} />
      <div className="table-wrap">
        <table className="table">
          <thead>
            <tr>
              <th scope="col">Domain</th>
              <th scope="col">Customer</th>
              <th scope="col">Expires</th>
              <th scope="col">State</th>
              <th scope="col">Registered through us</th>
              <th scope="col">Problem</th>
            </tr>
          </thead>
          <tbody>
            {registrations.map((registration) => {
              const renewal = registration.lastRenewal;
              const problem =
                registration.lastError ??
                renewal?.lastError ??
                (renewal && ['refused', 'at_registrar'].includes(renewal.status)
                  ? renewal.status.replace('_', ' ')
                  : null);
              return (
                <tr key={registration.id}>
                  <td>
                    <span className="cell-primary">{registration.domain ?? registration.hostDomain}</span>
                    <span className="cell-secondary">IM host {registration.hostDomain}</span>
                  </td>
                  <td>{registration.customerName}</td>
                  <td>
                    <DateTime value={registration.expiresAt} never="not known" />
                  </td>
                  <td>
                    <StatusBadge status={registration.state} />
                  </td>
                  <td>
                    <label className="checkbox">
                      <input
                        type="checkbox"
                        checked={registration.isThroughProvider}
                        disabled={submission.isPending}
                        onChange={(event) => void setThroughUs(registration, event.target.checked)}
                      />{' '}
                      {registration.autoRenew ? 'yes, auto-renewing' : 'yes'}
                      <span className="visually-hidden">
                        {' '}
                        ({registration.domain ?? registration.hostDomain})
                      </span>
                    </label>
                  </td>
                  <td>{problem ?? <span className="muted">none</span>}</td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>
    </>
  );
}
