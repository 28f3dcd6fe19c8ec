import { useState, type FormEvent } from 'react';
import { api, unwrap } from '../../../api/client';
import type { CannedResponse, SupportDepartment } from '../../../api/views';
import { ConfirmDialog } from '../../../components/confirm-dialog';
import { Dialog } from '../../../components/dialog';
import { Field } from '../../../components/field';
import { FormStatus } from '../../../components/form-status';
import { SelectField } from '../../../components/select-field';
import { Empty, DataView } from '../../../components/states';
import { TextareaField } from '../../../components/support/textarea-field';
import { useApiData } from '../../../hooks/use-api-data';
import { useSubmit } from '../../../hooks/use-submit';

const VARIABLES =
  '{customer.name}, {customer.email}, {customer.organization}, {ticket.id}, {ticket.subject}, {host.domain}, {agent.name}';

type Editing = { kind: 'new' } | { kind: 'edit'; item: CannedResponse } | null;

/** Answers agents insert and adjust; variables are filled in for the ticket they are used on. */
export function CannedResponsesSection() {
  const canned = useApiData('/api/v1/admin/support/canned-responses');
  const departments = useApiData('/api/v1/admin/support/departments');
  const [editing, setEditing] = useState<Editing>(null);
  const [deleting, setDeleting] = useState<CannedResponse | null>(null);
  const departmentItems = departments.status === 'ready' ? departments.data.items : [];
  const departmentName = (id: string | null) =>
    id === null ? 'All departments' : (departmentItems.find((d) => d.id === id)?.name ?? id);

  return (
    <section className="panel" aria-labelledby="canned-title">
      <h2 id="canned-title">Canned responses</h2>
      <DataView
        state={canned}
        onRetry={canned.reload}
        isEmpty={(data) => data.items.length === 0}
        empty={
          <Empty title="No canned responses yet">
            <p>Save answers you give often, with variables such as {'{customer.name}'}.</p>
          </Empty>
        }
      >
        {(data) => (
          <ul className="canned-list">
            {data.items.map((item) => (
              <li key={item.id} className="canned-item">
                <div className="canned-text">
                  <strong>{item.title}</strong>{' '}
                  <span className="muted">· {departmentName(item.departmentId)}</span>
                  <p className="canned-body">{item.body}</p>
                </div>
                <div className="row-actions">
                  <button
                    type="button"
                    className="button button-secondary button-small"
                    aria-label={`Edit ${item.title}`}
                    onClick={() => setEditing({ kind: 'edit', item })}
                  >
                    Edit
                  </button>
                  <button
                    type="button"
                    className="button button-danger-outline button-small"
                    aria-label={`Delete ${item.title}`}
                    onClick={() => setDeleting(item)}
                  >
                    Delete
                  </button>
                </div>
              </li>
            ))}
          </ul>
        )}
      </DataView>
      <div className="form-actions">
        <button type="button" className="button button-primary" onClick={() => setEditing({ kind: 'new' })}>
          New canned response
        </button>
      </div>
      <Dialog
        title={editing?.kind === 'edit' ? 'Edit canned response' : 'New canned response'}
        isOpen={editing !== null}
        onClose={() => setEditing(null)}
      >
        {editing && (
          <CannedForm
            key={editing.kind === 'edit' ? editing.item.id : 'new'}
            item={editing.kind === 'edit' ? editing.item : null}
            departments={departmentItems}
            onCancel={() => setEditing(null)}
            onSaved={() => {
              setEditing(null);
              canned.reload();
            }}
          />
        )}
      </Dialog>
      <ConfirmDialog
        title={`Delete “${deleting?.title ?? ''}”?`}
        isOpen={deleting !== null}
        isDanger
        confirmLabel="Delete"
        onClose={() => setDeleting(null)}
        onConfirm={async () => {
          await unwrap(
            api.DELETE('/api/v1/admin/support/canned-responses/{id}', {
              params: { path: { id: deleting?.id ?? '' } },
            }),
          );
          canned.reload();
        }}
      >
        <p>Agents can no longer insert it. Replies already sent keep their text.</p>
      </ConfirmDialog>
    </section>
  );
}

function CannedForm({
  item,
  departments,
  onCancel,
  onSaved,
}: {
  item: CannedResponse | null;
  departments: SupportDepartment[];
  onCancel(): void;
  onSaved(): void;
}) {
  const submission = useSubmit();
  const [title, setTitle] = useState(item?.title ?? '');
  const [body, setBody] = useState(item?.body ?? '');
  const [departmentId, setDepartmentId] = useState(item?.departmentId ?? '');

  async function save(event: FormEvent) {
    event.preventDefault();
    const payload = { title: title.trim(), body, departmentId: departmentId || null };
    const ok = await submission.run(async () => {
      if (item)
        await unwrap(
          api.PATCH('/api/v1/admin/support/canned-responses/{id}', {
            params: { path: { id: item.id } },
            body: payload,
          }),
        );
      else await unwrap(api.POST('/api/v1/admin/support/canned-responses', { body: payload }));
    });
    if (ok) onSaved();
  }

  return (
    <form onSubmit={(event) => void save(event)} noValidate>
      <div className="dialog-body">
        <Field
          label="Title"
          name="title"
          required
          maxLength={200}
          value={title}
          onChange={(event) => setTitle(event.target.value)}
          error={submission.fieldError('title')}
        />
        <SelectField
          label="Department"
          name="departmentId"
          value={departmentId}
          onChange={(event) => setDepartmentId(event.target.value)}
          options={[
            { value: '', label: 'All departments' },
            ...departments.map((department) => ({ value: department.id, label: department.name })),
          ]}
        />
        <TextareaField
          label="Text"
          name="body"
          rows={6}
          required
          value={body}
          onChange={(event) => setBody(event.target.value)}
          hint={`Markdown. Variables: ${VARIABLES}.`}
          error={submission.fieldError('body')}
        />
      </div>
      <FormStatus submission={submission} />
      <div className="dialog-actions">
        <button type="button" className="button button-secondary" onClick={onCancel}>
          Cancel
        </button>
        <button type="submit" className="button button-primary" disabled={submission.isPending}>
          Save
        </button>
      </div>
    </form>
  );
}
