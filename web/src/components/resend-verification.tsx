import { api, unwrap } from '../api/client';
import { useSubmit } from '../hooks/use-submit';

/** In the "verify your email" banner: a new link when the first one expired or got lost. */
export function ResendVerificationButton({ email }: { email: string }) {
  const submission = useSubmit();
  return (
    <div className="banner-actions">
      <button
        type="button"
        className="button button-secondary button-small"
        disabled={submission.isPending || submission.success !== null}
        onClick={() =>
          void submission.run(async () => {
            await unwrap(api.POST('/api/v1/me/verification-email'));
            return `We sent a new link to ${email}.`;
          })
        }
      >
        Resend verification email
      </button>
      <span aria-live="polite" className="banner-note">
        {submission.success}
        {submission.error && <span role="alert">{submission.error.message}</span>}
      </span>
    </div>
  );
}
