import { useState, type FormEvent } from 'react';
import { Link, useSearchParams } from 'react-router';
import { api, unwrap } from '../api/client';
import { AuthLayout } from '../components/auth-layout';
import { NewPasswordField } from '../components/new-password-field';
import { FormStatus } from '../components/form-status';
import { PageHeader } from '../components/page-header';
import { useSubmit } from '../hooks/use-submit';

export function ResetPasswordPage() {
  const [params] = useSearchParams();
  const token = params.get('token') ?? '';
  const submission = useSubmit();
  const [password, setPassword] = useState('');
  const [isDone, setDone] = useState(false);

  async function handleSubmit(event: FormEvent) {
    event.preventDefault();
    const ok = await submission.run(async () => {
      await unwrap(api.POST('/api/v1/password-reset/confirm', { body: { token, password } }));
      return 'Your password was changed. You can sign in with it now.';
    });
    if (ok) setDone(true);
  }

  return (
    <AuthLayout>
      <PageHeader title="Choose a new password" />
      {!token ? (
        <p className="alert alert-error" role="alert">
          This link is incomplete. Open the link from the email again, or{' '}
          <Link to="/forgot-password">ask for a new one</Link>.
        </p>
      ) : (
        <form onSubmit={(event) => void handleSubmit(event)} noValidate>
          <NewPasswordField
            value={password}
            onChange={setPassword}
            hint="At least 8 characters."
            error={submission.fieldError('password')}
            disabled={isDone}
          />
          <FormStatus submission={submission} />
          <div className="form-actions">
            {isDone ? (
              <Link to="/login" className="button button-primary button-block">
                Sign in
              </Link>
            ) : (
              <button
                type="submit"
                className="button button-primary button-block"
                disabled={submission.isPending}
              >
                {submission.isPending ? 'Saving…' : 'Set new password'}
              </button>
            )}
          </div>
        </form>
      )}
    </AuthLayout>
  );
}
