import { useState, type FormEvent } from 'react';
import { Link } from 'react-router';
import { api, unwrap } from '../api/client';
import { AuthLayout } from '../components/auth-layout';
import { Field } from '../components/field';
import { FormStatus } from '../components/form-status';
import { PageHeader } from '../components/page-header';
import { useSubmit } from '../hooks/use-submit';

export function ForgotPasswordPage() {
  const submission = useSubmit();
  const [email, setEmail] = useState('');

  async function handleSubmit(event: FormEvent) {
    event.preventDefault();
    await submission.run(async () => {
      await unwrap(api.POST('/api/v1/password-reset', { body: { email } }));
      // The answer is the same whether or not the address has an account, so it reveals nothing.
      return `If ${email} belongs to an account, we sent it a link to choose a new password.`;
    });
  }

  return (
    <AuthLayout
      footer={
        <p>
          Remembered it? <Link to="/login">Sign in</Link>
        </p>
      }
    >
      <PageHeader
        title="Reset your password"
        description="We will email you a link to choose a new password."
      />
      <form onSubmit={(event) => void handleSubmit(event)} noValidate>
        <Field
          label="Email"
          name="email"
          type="email"
          autoComplete="email"
          required
          value={email}
          onChange={(event) => setEmail(event.target.value)}
          error={submission.fieldError('email')}
        />
        <FormStatus submission={submission} />
        <div className="form-actions">
          <button
            type="submit"
            className="button button-primary button-block"
            disabled={submission.isPending}
          >
            {submission.isPending ? 'Sending…' : 'Send reset link'}
          </button>
        </div>
      </form>
    </AuthLayout>
  );
}
