import type { Submission } from '../hooks/use-submit';

/** The outcome of a form, announced to screen readers: the server's message or a success note. */
export function FormStatus({ submission }: { submission: Submission }) {
  const { error, success } = submission;
  return (
    <div aria-live="polite" className="form-status">
      {error && (
        <p className="alert alert-error" role="alert">
          {error.message}
        </p>
      )}
      {success && <p className="alert alert-success">{success}</p>}
    </div>
  );
}
