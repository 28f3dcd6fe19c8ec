import type { Submission } from '../hooks/use-submit';
import { FormStatus } from './form-status';

/** A form's submit button, unavailable while the form is being sent, and below it what came of it. */
export function SubmitRow({ submission, label }: { submission: Submission; label: string }) {
  return (
    <>
      <div className="form-actions">
        <button type="submit" className="button button-primary" disabled={submission.isPending}>
          {label}
        </button>
      </div>
      <FormStatus submission={submission} />
    </>
  );
}
