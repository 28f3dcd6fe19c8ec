import { useEffect, useRef, useState } from 'react';
import { Link, useSearchParams } from 'react-router';
import { api, ApiError, unwrap } from '../api/client';
import { AuthLayout } from '../components/auth-layout';
import { PageHeader } from '../components/page-header';
import { Loading } from '../components/states';
import { useSession } from '../session/session';

type Outcome = { status: 'pending' } | { status: 'verified' } | { status: 'failed'; message: string };

export function VerifyEmailPage() {
  const [params] = useSearchParams();
  const token = params.get('token') ?? '';
  const { state, refresh } = useSession();
  const [outcome, setOutcome] = useState<Outcome>({ status: 'pending' });
  // The token is single-use: one request per page load, even when effects run twice in development.
  const started = useRef<Promise<void> | null>(null);

  useEffect(() => {
    if (!token) {
      setOutcome({
        status: 'failed',
        message: 'This link is incomplete. Open the link from the email again.',
      });
      return;
    }
    started.current ??= unwrap(api.POST('/api/v1/verify-email', { body: { token } })).then(
      async () => {
        setOutcome({ status: 'verified' });
        await refresh();
      },
      (error: unknown) =>
        setOutcome({
          status: 'failed',
          message: error instanceof ApiError ? error.message : 'The address could not be verified.',
        }),
    );
  }, [token, refresh]);

  const isSignedIn = state.status === 'signed-in';
  return (
    <AuthLayout>
      <PageHeader title="Email verification" />
      <div aria-live="polite">
        {outcome.status === 'pending' && <Loading label="Verifying your email address…" />}
        {outcome.status === 'verified' && (
          <>
            <p className="alert alert-success">Your email address is verified. Thank you!</p>
            <div className="form-actions">
              <Link to={isSignedIn ? '/' : '/login'} className="button button-primary button-block">
                {isSignedIn ? 'Go to the dashboard' : 'Sign in'}
              </Link>
            </div>
          </>
        )}
        {outcome.status === 'failed' && (
          <>
            <p className="alert alert-error" role="alert">
              {outcome.message}
            </p>
            <p className="form-aside">
              <Link to="/">Back to imhost</Link>
            </p>
          </>
        )}
      </div>
    </AuthLayout>
  );
}
