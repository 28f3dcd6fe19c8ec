import { useState } from 'react';
import { api, multipart, unwrap } from '../../../api/client';
import type { StaffSettableStatus, SupportFormSettings } from '../../../api/views';
import { SelectField } from '../../../components/select-field';
import { ReplyForm } from '../../../components/support/reply-form';
import { useApiData } from '../../../hooks/use-api-data';

type Mode = 'reply' | 'note';

const statusesAfterReply: { value: StaffSettableStatus; label: string }[] = [
  { value: 'waiting_on_customer', label: 'Waiting on customer' },
  { value: 'in_progress', label: 'In progress' },
  { value: 'on_hold', label: 'On hold' },
  { value: 'resolved', label: 'Resolved' },
];

/** The agent's answer to the customer, or an internal note that the customer never sees. */
export function StaffComposer({
  ticketId,
  departmentId,
  settings,
  usedBytes,
  onSent,
}: {
  ticketId: string;
  departmentId: string;
  settings: SupportFormSettings;
  usedBytes: number;
  onSent(): void;
}) {
  const [mode, setMode] = useState<Mode>('reply');
  const [statusAfter, setStatusAfter] = useState<StaffSettableStatus>('waiting_on_customer');
  const params = { path: { id: ticketId } };
  const isNote = mode === 'note';

  return (
    <section className={`panel composer${isNote ? ' composer-note' : ''}`} aria-labelledby="composer-title">
      <h2 id="composer-title">{isNote ? 'Internal note' : 'Reply to the customer'}</h2>
      <div className="segmented" role="group" aria-label="Message kind">
        <button type="button" aria-pressed={!isNote} onClick={() => setMode('reply')}>
          Reply
        </button>
        <button type="button" aria-pressed={isNote} onClick={() => setMode('note')}>
          Internal note
        </button>
      </div>
      {isNote && <p className="field-hint">Only staff see notes; they are never emailed to the customer.</p>}
      <ReplyForm
        key={mode}
        send={(message, files) =>
          unwrap(
            isNote
              ? api.POST('/api/v1/admin/tickets/{id}/notes', { params, body: message, ...multipart(files) })
              : api.POST('/api/v1/admin/tickets/{id}/replies', {
                  params,
                  body: { ...message, status: statusAfter },
                  ...multipart(files),
                }),
          )
        }
        settings={settings}
        usedBytes={usedBytes}
        label={isNote ? 'Note' : 'Answer'}
        submitLabel={isNote ? 'Add note' : 'Send reply'}
        tools={(insert) =>
          isNote ? null : (
            <div className="form-grid">
              <CannedPicker ticketId={ticketId} departmentId={departmentId} onInsert={insert} />
              <SelectField
                label="Status after sending"
                name="status"
                value={statusAfter}
                onValueChange={(status) => setStatusAfter(status)}
                options={statusesAfterReply}
              />
            </div>
          )
        }
        onSent={onSent}
      />
    </section>
  );
}

/** Canned responses for this department (or all), filled in for this ticket by the server. */
function CannedPicker({
  ticketId,
  departmentId,
  onInsert,
}: {
  ticketId: string;
  departmentId: string;
  onInsert(text: string): void;
}) {
  const canned = useApiData('/api/v1/admin/support/canned-responses');
  const [problem, setProblem] = useState<string | null>(null);
  if (canned.status !== 'ready') return null;
  const items = canned.data.items.filter(
    (item) => item.departmentId === null || item.departmentId === departmentId,
  );
  if (items.length === 0) return null;

  async function insert(id: string) {
    if (!id) return;
    setProblem(null);
    try {
      const rendered = await unwrap(
        api.GET('/api/v1/admin/tickets/{id}/canned-responses/{cannedId}', {
          params: { path: { id: ticketId, cannedId: id } },
        }),
      );
      onInsert(rendered.body);
    } catch (error) {
      setProblem(error instanceof Error ? error.message : 'The canned response could not be loaded.');
    }
  }

  return (
    <div>
      <SelectField
        label="Insert canned response"
        name="canned"
        value=""
        onChange={(event) => void insert(event.target.value)}
        options={[
          { value: '', label: 'Choose…' },
          ...items.map((item) => ({ value: item.id, label: item.title })),
        ]}
        error={problem ?? undefined}
      />
    </div>
  );
}
