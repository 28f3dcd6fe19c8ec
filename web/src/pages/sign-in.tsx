import { useState, type FormEvent } from 'react';
import { Link } from 'react-router';
import { api, ApiError, unwrap } from '../api/client';
import { AuthLayout } from '../components/auth-layout';
import { Field } from '../components/field';
import { FormStatus } from '../components/form-status';
import { PageHeader } from '../components/page-header';
import { useSubmit } from '../hooks/use-submit';
import { useSession } from '../session/session';

export function SignInPage() {
  const { refresh } = useSession();
  const submission = useSubmit();
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [totp, setTotp] = useState('');
  // The server asks for the authenticator code only after the password was right.
  const [needsTotp, setNeedsTotp] = useState(false);

  async function handleSubmit(event: FormEvent) {
    event.preventDefault();
    await submission.run(async () => {
      try {
        await unwrap(
          api.POST('/api/v1/login', { body: { email, password, ...(needsTotp ? { totp } : {}) } }),
        );
      } catch (error) {
        if (error instanceof ApiError && error.code === 'totp_required') {
          setNeedsTotp(true);
          return 'Password accepted. Enter the 6-digit code from your authenticator app.';
        }
        throw error;
      }
      await refresh();
    });
  }

  return (
    <AuthLayout
      footer={
        <p>
          New here? <Link to="/signup">Create an account</Link>
        </p>
      }
    >
      <PageHeader title="Sign in" />
      <form onSubmit={(event) => void handleSubmit(event)} noValidate>
        <Field
          label="Email"
          name="email"
          type="email"
          autoComplete="username"
          required
          value={email}
          onChange={(event) => setEmail(event.target.value)}
          error={submission.fieldError('email')}
          readOnly={needsTotp}
        />
        <Field
          label="Password"
          name="password"
          type="password"
          autoComplete="current-password"
          required
          value={password}
          onChange={(event) => setPassword(event.target.value)}
          error={submission.fieldError('password')}
          readOnly={needsTotp}
        />
        {needsTotp && (
          <Field
            label="Authentication code"
            name="totp"
            inputMode="numeric"
            autoComplete="one-time-code"
            pattern="[0-9]*"
            maxLength={6}
            required
            autoFocus
            value={totp}
            onChange={(event) => setTotp(event.target.value.replace(/\D/g, ''))}
            hint="The 6-digit code from your authenticator app."
            error={submission.fieldError('totp')}
          />
        )}
        <FormStatus submission={submission} />
        <div className="form-actions">
          <button
            type="submit"
            className="button button-primary button-block"
            disabled={submission.isPending}
          >
            {submission.isPending ? 'Signing in…' : 'Sign in'}
          </button>
        </div>
        <p className="form-aside">
          <Link to="/forgot-password">Forgot your password?</Link>
        </p>
      </form>
    </AuthLayout>
  );
}
