import { useState } from 'react';
import { useNavigate } from 'react-router';
import { api, seg, unwrap } from '../../../api/client';
import type { StaffTicket, TicketChanges } from '../../../api/views';
import { ConfirmDialog } from '../../../components/confirm-dialog';
import { FormStatus } from '../../../components/form-status';
import { SelectField } from '../../../components/select-field';
import {
  priorityLabel,
  TICKET_PRIORITIES,
  TICKET_STATUSES,
  ticketStatusLabel,
} from '../../../components/support/ticket-badges';
import { useApiData } from '../../../hooks/use-api-data';
import { useSubmit } from '../../../hooks/use-submit';
import { useMe } from '../../../session/session';

/** Status, priority, department and assignee, each saved as soon as it is changed; and merging. */
export function TicketControls({ ticket, onChanged }: { ticket: StaffTicket; onChanged(): void }) {
  const me = useMe();
  const submission = useSubmit();
  const departments = useApiData('/api/v1/admin/support/departments');
  const staff = useApiData('/api/v1/admin/staff', { params: { query: { limit: 200 } } });
  const isMerged = ticket.status === 'merged';

  async function change(body: TicketChanges, message: string) {
    if (
      await submission.run(() =>
        unwrap(api.PATCH('/api/v1/admin/tickets/{id}', { params: { path: { id: ticket.id } }, body })).then(
          () => message,
        ),
      )
    )
      onChanged();
  }

  const staffOptions = staff.status === 'ready' ? staff.data.items : [];
  return (
    <section className="panel" aria-labelledby="controls-title">
      <h2 id="controls-title">Ticket</h2>
      <SelectField
        label="Status"
        name="status"
        value={ticket.status}
        disabled={isMerged || submission.isPending}
        onValueChange={(status) => status !== 'merged' && void change({ status }, 'Status changed.')}
        options={TICKET_STATUSES.filter((status) => status !== 'merged' || isMerged).map((status) => ({
          value: status,
          label: ticketStatusLabel(status),
        }))}
      />
      <SelectField
        label="Priority"
        name="priority"
        value={ticket.priority}
        disabled={isMerged || submission.isPending}
        onValueChange={(priority) => void change({ priority }, 'Priority changed.')}
        options={TICKET_PRIORITIES.map((value) => ({ value, label: priorityLabel(value) }))}
      />
      {departments.status === 'ready' && (
        <SelectField
          label="Department"
          name="departmentId"
          value={ticket.department.id}
          disabled={isMerged || submission.isPending}
          onChange={(event) => void change({ departmentId: event.target.value }, 'Department changed.')}
          options={departments.data.items.map((d) => ({ value: d.id, label: d.name }))}
        />
      )}
      <SelectField
        label="Assignee"
        name="assigneeId"
        value={ticket.assigneeId ?? ''}
        disabled={isMerged || submission.isPending}
        onChange={(event) =>
          void change(
            { assigneeId: event.target.value || null },
            event.target.value ? 'Assigned.' : 'Unassigned.',
          )
        }
        options={[
          { value: '', label: 'Unassigned' },
          ...staffOptions.map((user) => ({
            value: user.id,
            label: user.id === me.user.id ? `${user.name} (me)` : user.name,
          })),
          // The assignee may be missing from the list while it loads; keep the select's value valid.
          ...(ticket.assigneeId && !staffOptions.some((user) => user.id === ticket.assigneeId)
            ? [{ value: ticket.assigneeId, label: ticket.assigneeId }]
            : []),
        ]}
      />
      {ticket.assigneeId !== me.user.id && !isMerged && (
        <button
          type="button"
          className="button button-secondary button-small"
          disabled={submission.isPending}
          onClick={() => void change({ assigneeId: me.user.id }, 'Assigned to you.')}
        >
          Assign to me
        </button>
      )}
      <FormStatus submission={submission} />
      {!isMerged && <MergeControl ticket={ticket} />}
    </section>
  );
}

function MergeControl({ ticket }: { ticket: StaffTicket }) {
  const navigate = useNavigate();
  const others = useApiData('/api/v1/admin/tickets/{id}/context', { params: { path: { id: ticket.id } } });
  const [targetId, setTargetId] = useState('');
  const [isConfirming, setConfirming] = useState(false);
  if (others.status !== 'ready') return null;
  const targets = others.data.otherTickets.filter(
    (other) => other.id !== ticket.id && other.status !== 'merged' && other.status !== 'closed',
  );
  if (targets.length === 0) return null;
  const target = targets.find((other) => other.id === targetId);

  return (
    <div className="merge-control">
      <SelectField
        label="Merge into"
        name="targetTicketId"
        value={targetId}
        onChange={(event) => setTargetId(event.target.value)}
        options={[
          { value: '', label: 'Another ticket of this customer…' },
          ...targets.map((other) => ({ value: other.id, label: `${other.subject} (${other.id})` })),
        ]}
        hint="The conversation moves into that ticket, and this one ends as merged."
      />
      <button
        type="button"
        className="button button-secondary button-small"
        disabled={!target}
        onClick={() => setConfirming(true)}
      >
        Merge…
      </button>
      <ConfirmDialog
        title="Merge tickets?"
        isOpen={isConfirming && target !== undefined}
        confirmLabel="Merge"
        onClose={() => setConfirming(false)}
        onConfirm={async () => {
          await unwrap(
            api.POST('/api/v1/admin/tickets/{id}/merge', {
              params: { path: { id: ticket.id } },
              body: { targetTicketId: targetId },
            }),
          );
          navigate(`/staff/tickets/${seg(targetId)}`);
        }}
      >
        <p>
          “{ticket.subject}” will be merged into <strong>{target?.subject}</strong>. This cannot be undone.
        </p>
      </ConfirmDialog>
    </div>
  );
}
