import { useState, type FormEvent } from 'react';
import { Link, useNavigate } from 'react-router';
import { api, unwrap } from '../api/client';
import type { AdminHost, Host, Plan } from '../api/views';
import { DateTime } from '../components/date-time';
import { Field } from '../components/field';
import { FormStatus } from '../components/form-status';
import { PageHeader } from '../components/page-header';
import { PagedListView } from '../components/paged-list';
import { SelectField } from '../components/select-field';
import { Empty } from '../components/states';
import { StatusBadge } from '../components/status-badge';
import { useApiData, usePagedList } from '../hooks/use-api-data';
import { useCanChangeHosts } from '../hooks/use-can-change-hosts';
import { useSubmit } from '../hooks/use-submit';

export function HostsPage() {
  const hosts = usePagedList('/api/v1/hosts');
  const canChange = useCanChangeHosts();
  return (
    <>
      <PageHeader title="IM hosts" description="Each host is one XMPP domain with its own members." />
      {canChange && (
        <section className="panel" aria-labelledby="create-host-title">
          <h2 id="create-host-title">Add a host</h2>
          <CreateHostForm />
        </section>
      )}
      <section className="panel" aria-labelledby="host-list-title">
        <h2 id="host-list-title">Your hosts</h2>
        <PagedListView
          list={hosts}
          empty={
            <Empty title="No hosts yet">
              <p>
                {canChange
                  ? 'Add your first domain above to start hosting chat for your team.'
                  : 'An owner or admin of your organisation can add one.'}
              </p>
            </Empty>
          }
        >
          {(items) => <HostTable hosts={items} />}
        </PagedListView>
      </section>
    </>
  );
}

/** Which domains the chosen plan may serve: a plan without a custom domain gets a name under ours. */
function allowedDomains(plan: Plan | undefined, hostedDomain: string | null) {
  if (!plan || plan.entitlements.customDomain || !hostedDomain)
    return {
      placeholder: 'chat.example.com',
      hint: 'Any domain you control. Members will have addresses like alice@your-domain.',
    };
  return {
    placeholder: `yourteam.${hostedDomain}`,
    hint: `The ${plan.name} plan serves a name under ${hostedDomain}, such as yourteam.${hostedDomain}; your own domain needs a plan that includes a custom domain.`,
  };
}

function CreateHostForm() {
  const submission = useSubmit();
  const navigate = useNavigate();
  const [domain, setDomain] = useState('');
  const [planId, setPlanId] = useState('');
  const plans = useApiData('/api/v1/plans');
  const serverInfo = useApiData('/api/v1/server-info');
  const onSale = plans.status === 'ready' ? plans.data : [];
  const hostedDomain = serverInfo.status === 'ready' ? serverInfo.data.hostedDomain : null;
  const allowed = allowedDomains(
    onSale.find((plan) => plan.id === planId),
    hostedDomain,
  );

  async function handleSubmit(event: FormEvent) {
    event.preventDefault();
    await submission.run(async () => {
      const host = await unwrap(
        api.POST('/api/v1/hosts', { body: { domain: domain.trim(), ...(planId ? { planId } : {}) } }),
      );
      navigate(`/hosts/${encodeURIComponent(host.id)}`);
    });
  }

  return (
    <form className="inline-form" onSubmit={(event) => void handleSubmit(event)} noValidate>
      <SelectField
        label="Plan"
        name="planId"
        value={planId}
        options={[
          { value: '', label: 'No plan yet' },
          ...onSale.map((plan) => ({ value: plan.id, label: plan.name })),
        ]}
        onChange={(event) => setPlanId(event.target.value)}
        error={submission.fieldError('planId')}
      />
      <Field
        label="Domain"
        name="domain"
        placeholder={allowed.placeholder}
        autoComplete="off"
        spellCheck={false}
        required
        value={domain}
        onChange={(event) => setDomain(event.target.value)}
        hint={allowed.hint}
        error={submission.fieldError('domain')}
      />
      <div className="inline-form-actions">
        <button type="submit" className="button button-primary" disabled={submission.isPending}>
          {submission.isPending ? 'Adding…' : 'Add host'}
        </button>
      </div>
      <FormStatus submission={submission} />
    </form>
  );
}

export function HostTable({
  hosts,
  showCustomer = false,
}: {
  hosts: (Host | AdminHost)[];
  showCustomer?: boolean;
}) {
  return (
    <div className="table-wrap">
      <table className="table">
        <thead>
          <tr>
            <th scope="col">Domain</th>
            {showCustomer && <th scope="col">Customer</th>}
            <th scope="col">Status</th>
            <th scope="col">Created</th>
          </tr>
        </thead>
        <tbody>
          {hosts.map((host) => (
            <tr key={host.id}>
              <td>
                <Link to={`/hosts/${encodeURIComponent(host.id)}`} className="strong-link">
                  {host.displayDomain}
                </Link>
                {host.displayDomain !== host.domain && <div className="cell-secondary">{host.domain}</div>}
              </td>
              {showCustomer && <td>{'customerName' in host ? host.customerName : host.customerId}</td>}
              <td>
                <StatusBadge status={host.status} />
              </td>
              <td>
                <DateTime value={host.createdAt} />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
