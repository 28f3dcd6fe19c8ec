import { useId, useState, type FormEvent } from 'react';
import { api, unwrap } from '../../api/client';
import { TextareaField } from '../../components/support/textarea-field';
import { useSubmit } from '../../hooks/use-submit';
import { SubmitRow } from '../../components/submit-row';

const labels = ['Very poor', 'Poor', 'Okay', 'Good', 'Excellent'];

/** The 1–5 satisfaction rating offered once a ticket is resolved; it can be given once. */
export function RatingForm({ ticketId, onRated }: { ticketId: string; onRated(): void }) {
  const submission = useSubmit();
  const [score, setScore] = useState<number | null>(null);
  const [comment, setComment] = useState('');
  const [isMissing, setMissing] = useState(false);
  const groupId = useId();

  async function handleSubmit(event: FormEvent) {
    event.preventDefault();
    if (score === null) {
      setMissing(true);
      return;
    }
    setMissing(false);
    const body = comment.trim() ? { score, comment: comment.trim() } : { score };
    const rate = () =>
      unwrap(api.POST('/api/v1/tickets/{id}/rating', { params: { path: { id: ticketId } }, body }));
    if (await submission.run(async () => void (await rate()))) onRated();
  }

  return (
    <section className="panel" aria-labelledby={`${groupId}-title`}>
      <h2 id={`${groupId}-title`}>How did we do?</h2>
      <form onSubmit={(event) => void handleSubmit(event)} noValidate>
        <fieldset className="rating" aria-describedby={isMissing ? `${groupId}-error` : undefined}>
          <legend>Your rating, from 1 (very poor) to 5 (excellent)</legend>
          <div className="rating-options">
            {labels.map((label, index) => (
              <label key={label} className="rating-option">
                <input
                  type="radio"
                  name="score"
                  value={index + 1}
                  checked={score === index + 1}
                  onChange={() => {
                    setScore(index + 1);
                    setMissing(false);
                  }}
                />
                <span>
                  {index + 1} <span className="muted">{label}</span>
                </span>
              </label>
            ))}
          </div>
          {isMissing && (
            <p className="field-error" id={`${groupId}-error`}>
              Choose a rating first.
            </p>
          )}
        </fieldset>
        <TextareaField
          label="Comment (optional)"
          name="comment"
          rows={2}
          maxLength={2000}
          value={comment}
          onChange={(event) => setComment(event.target.value)}
        />
        <SubmitRow submission={submission} label="Send rating" />
      </form>
    </section>
  );
}
