import { useState, type FormEvent } from 'react';
import { Link } from 'react-router';
import { api } from '../api/client';
import { AuthLayout } from '../components/auth-layout';
import { Field } from '../components/field';
import { FormStatus } from '../components/form-status';
import { PageHeader } from '../components/page-header';
import { useSubmit } from '../hooks/use-submit';
import { useSession } from '../session/session';

export function SignUpPage() {
  const { refresh } = useSession();
  const submission = useSubmit();
  const [form, setForm] = useState({ name: '', organization: '', email: '', password: '' });
  const set = (key: keyof typeof form) => (event: { target: { value: string } }) =>
    setForm((previous) => ({ ...previous, [key]: event.target.value }));

  async function handleSubmit(event: FormEvent) {
    event.preventDefault();
    await submission.run(async () => {
      await api.post('/signup', form);
      await refresh();
    });
  }

  return (
    <AuthLayout
      footer={
        <p>
          Already have an account? <Link to="/login">Sign in</Link>
        </p>
      }
    >
      <PageHeader title="Create your account" description="Host instant messaging for your organisation." />
      <form onSubmit={(event) => void handleSubmit(event)} noValidate>
        <Field
          label="Your name"
          name="name"
          autoComplete="name"
          required
          value={form.name}
          onChange={set('name')}
          error={submission.fieldError('name')}
        />
        <Field
          label="Organisation"
          name="organization"
          autoComplete="organization"
          required
          value={form.organization}
          onChange={set('organization')}
          error={submission.fieldError('organization')}
        />
        <Field
          label="Work email"
          name="email"
          type="email"
          autoComplete="email"
          required
          value={form.email}
          onChange={set('email')}
          error={submission.fieldError('email')}
        />
        <Field
          label="Password"
          name="password"
          type="password"
          autoComplete="new-password"
          required
          minLength={8}
          value={form.password}
          onChange={set('password')}
          hint="At least 8 characters. Avoid common passwords."
          error={submission.fieldError('password')}
        />
        <FormStatus submission={submission} />
        <div className="form-actions">
          <button
            type="submit"
            className="button button-primary button-block"
            disabled={submission.isPending}
          >
            {submission.isPending ? 'Creating account…' : 'Create account'}
          </button>
        </div>
      </form>
    </AuthLayout>
  );
}
