import { useId, useState, type FormEvent } from 'react';
import { Link } from 'react-router';
import { api, unwrap } from '../../api/client';
import type { InvoiceSummary } from '../../api/views';
import { FormStatus } from '../../components/form-status';
import { useSubmit } from '../../hooks/use-submit';

/** Opens a Billing support ticket linked to the invoice, then links to it. */
export function AskQuestionForm({ invoice }: { invoice: InvoiceSummary }) {
  const submission = useSubmit();
  const [description, setDescription] = useState('');
  const [ticketId, setTicketId] = useState<string | null>(null);
  const id = useId();
  const error = submission.fieldError('description');

  async function handleSubmit(event: FormEvent) {
    event.preventDefault();
    const ok = await submission.run(async () => {
      const created = await unwrap(
        api.POST('/api/v1/invoices/{id}/question', {
          params: { path: { id: invoice.id } },
          body: {
            description,
          },
        }),
      );
      setTicketId(created.ticket.id);
      return 'Your question was sent to our billing team.';
    });
    if (ok) setDescription('');
  }

  return (
    <form onSubmit={(event) => void handleSubmit(event)} noValidate>
      <div className="field">
        <label htmlFor={id}>Your question about invoice {invoice.number ?? invoice.id}</label>
        <textarea
          id={id}
          name="description"
          rows={4}
          required
          value={description}
          aria-invalid={error ? true : undefined}
          aria-describedby={error ? `${id}-error` : undefined}
          onChange={(event) => setDescription(event.target.value)}
        />
        {error && (
          <p className="field-error" id={`${id}-error`}>
            {error}
          </p>
        )}
      </div>
      <div className="form-actions">
        <button type="submit" className="button button-secondary" disabled={submission.isPending}>
          {submission.isPending ? 'Sending…' : 'Ask a billing question'}
        </button>
      </div>
      <FormStatus submission={submission} />
      {ticketId && (
        <p>
          <Link to={`/support/tickets/${encodeURIComponent(ticketId)}`}>Follow your question in Support</Link>
        </p>
      )}
    </form>
  );
}
