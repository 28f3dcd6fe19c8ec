import { useEffect, useState, type FormEvent } from 'react';
import { api, unwrap } from '../../../api/client';
import type { SlaTarget } from '../../../api/views';
import { DataView } from '../../../components/states';
import { priorityLabel } from '../../../components/support/ticket-badges';
import { useApiData } from '../../../hooks/use-api-data';
import { useSubmit } from '../../../hooks/use-submit';
import { SubmitRow } from '../../../components/submit-row';

/** Targets are edited in hours, which is how people think of them; the API keeps minutes. */
type Draft = Record<string, { firstResponse: string; resolution: string }>;

function toDraft(items: SlaTarget[]): Draft {
  return Object.fromEntries(
    items.map((item) => [
      item.priority,
      {
        firstResponse: String(item.firstResponseMinutes / 60),
        resolution: String(item.resolutionMinutes / 60),
      },
    ]),
  );
}

export function SlaTargetsSection() {
  const targets = useApiData('/api/v1/admin/support/sla-targets');
  return (
    <section className="panel" aria-labelledby="sla-title">
      <h2 id="sla-title">SLA targets</h2>
      <p className="field-hint">
        Counted in calendar hours. The clock pauses while a ticket waits on the customer or is on hold. New
        targets apply to tickets opened afterwards.
      </p>
      <DataView state={targets} onRetry={targets.reload}>
        {(data) => <SlaForm items={data.items} onSaved={targets.reload} />}
      </DataView>
    </section>
  );
}

function SlaForm({ items, onSaved }: { items: SlaTarget[]; onSaved(): void }) {
  const submission = useSubmit();
  const [draft, setDraft] = useState(() => toDraft(items));
  useEffect(() => setDraft(toDraft(items)), [items]);

  function set(priority: string, key: 'firstResponse' | 'resolution', value: string) {
    setDraft((current) => ({ ...current, [priority]: { ...current[priority]!, [key]: value } }));
  }

  async function save(event: FormEvent) {
    event.preventDefault();
    const ok = await submission.run(async () => {
      const body = items.map((item) => ({
        priority: item.priority,
        firstResponseMinutes: Math.round(Number(draft[item.priority]?.firstResponse) * 60),
        resolutionMinutes: Math.round(Number(draft[item.priority]?.resolution) * 60),
      }));
      if (body.some((row) => !(row.firstResponseMinutes >= 1) || !(row.resolutionMinutes >= 1)))
        throw new Error('Every target must be a positive number of hours.');
      await unwrap(api.PUT('/api/v1/admin/support/sla-targets', { body: { items: body } }));
      return 'SLA targets saved.';
    });
    if (ok) onSaved();
  }

  return (
    <form onSubmit={(event) => void save(event)} noValidate>
      <div className="table-wrap">
        <table className="table sla-table">
          <thead>
            <tr>
              <th scope="col">Priority</th>
              <th scope="col">First response (hours)</th>
              <th scope="col">Resolution (hours)</th>
            </tr>
          </thead>
          <tbody>
            {items.map((item) => (
              <tr key={item.priority}>
                <th scope="row">{priorityLabel(item.priority)}</th>
                {(['firstResponse', 'resolution'] as const).map((key) => (
                  <td key={key}>
                    <input
                      className="input-compact"
                      type="number"
                      min="0.1"
                      step="any"
                      aria-label={`${priorityLabel(item.priority)}: ${key === 'firstResponse' ? 'first response' : 'resolution'} in hours`}
                      value={draft[item.priority]?.[key] ?? ''}
                      onChange={(event) => set(item.priority, key, event.target.value)}
                    />
                  </td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <SubmitRow submission={submission} label="Save targets" />
    </form>
  );
}
