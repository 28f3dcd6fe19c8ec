import { useState, type FormEvent } from 'react';
import { useNavigate } from 'react-router';
import { api, unwrap } from '../../api/client';
import { Field } from '../../components/field';
import { FormStatus } from '../../components/form-status';
import { SelectField } from '../../components/select-field';
import { TextareaField } from '../../components/support/textarea-field';
import { useApiData } from '../../hooks/use-api-data';
import { useSubmit } from '../../hooks/use-submit';

const impacts = [
  { value: 'minor', label: 'Minor: degraded' },
  { value: 'major', label: 'Major: partly down' },
  { value: 'critical', label: 'Critical: down' },
] as const;
type Impact = (typeof impacts)[number]['value'];

/** Opens an incident for every host, or for the hosts found by a domain search. */
export function OpenIncidentForm() {
  const navigate = useNavigate();
  const submission = useSubmit();
  const [title, setTitle] = useState('');
  const [impact, setImpact] = useState<Impact>('major');
  const [message, setMessage] = useState('');
  const [isAllHosts, setAllHosts] = useState(true);
  const [search, setSearch] = useState('');
  const [chosen, setChosen] = useState<Map<string, string>>(new Map());
  const hosts = useApiData('/api/v1/admin/hosts', { params: { query: { limit: 50, q: search } } });

  function toggle(id: string, domain: string) {
    const next = new Map(chosen);
    if (next.has(id)) next.delete(id);
    else next.set(id, domain);
    setChosen(next);
  }

  async function handleSubmit(event: FormEvent) {
    event.preventDefault();
    await submission.run(async () => {
      const incident = await unwrap(
        api.POST('/api/v1/admin/incidents', {
          body: { title, impact, message, hostIds: isAllHosts ? null : [...chosen.keys()] },
        }),
      );
      void navigate(`/staff/incidents/${encodeURIComponent(incident.id)}`);
    });
  }

  return (
    <section className="panel" aria-labelledby="open-incident-title">
      <h2 id="open-incident-title">Open an incident</h2>
      <form onSubmit={(event) => void handleSubmit(event)} noValidate>
        <Field
          label="Title"
          name="title"
          required
          maxLength={200}
          value={title}
          onChange={(event) => setTitle(event.target.value)}
          hint="Shown publicly on the status page: name no customer."
          error={submission.fieldError('title')}
        />
        <SelectField<Impact>
          label="Impact"
          name="impact"
          options={impacts}
          value={impact}
          onValueChange={setImpact}
        />
        <TextareaField
          label="First update"
          name="message"
          required
          rows={3}
          value={message}
          onChange={(event) => setMessage(event.target.value)}
          hint="What customers see and are emailed."
          error={submission.fieldError('message')}
        />
        <label className="checkbox">
          <input
            type="checkbox"
            checked={isAllHosts}
            onChange={(event) => setAllHosts(event.target.checked)}
          />
          Every host is affected
        </label>
        {!isAllHosts && (
          <fieldset className="host-picker">
            <legend>Affected hosts ({chosen.size} chosen)</legend>
            {[...chosen].map(([id, domain]) => (
              <label className="checkbox" key={id}>
                <input type="checkbox" checked onChange={() => toggle(id, domain)} />
                {domain}
              </label>
            ))}
            <Field
              label="Find hosts by domain"
              name="host-search"
              type="search"
              value={search}
              onChange={(event) => setSearch(event.target.value)}
            />
            {hosts.status === 'ready' &&
              hosts.data.items
                .filter((host) => !chosen.has(host.id))
                .map((host) => (
                  <label className="checkbox" key={host.id}>
                    <input type="checkbox" checked={false} onChange={() => toggle(host.id, host.domain)} />
                    {host.displayDomain} <span className="muted">({host.customerName})</span>
                  </label>
                ))}
          </fieldset>
        )}
        <FormStatus submission={submission} />
        <div className="form-actions">
          <button
            type="submit"
            className="button button-primary"
            disabled={submission.isPending || (!isAllHosts && chosen.size === 0)}
          >
            {submission.isPending ? 'Opening…' : 'Open incident and email customers'}
          </button>
        </div>
      </form>
    </section>
  );
}
