import { useState, type FormEvent } from 'react';
import { Link, useNavigate, useSearchParams } from 'react-router';
import { api } from '../api/client';
import { AuthLayout } from '../components/auth-layout';
import { DataView } from '../components/states';
import { Field } from '../components/field';
import { FormStatus } from '../components/form-status';
import { PageHeader } from '../components/page-header';
import { useApiData } from '../hooks/use-api-data';
import { useSubmit } from '../hooks/use-submit';
import { useSession } from '../session/session';

/** First run: the one-time link printed by `imhost start` creates the first staff administrator. */
export function SetupPage() {
  const [params] = useSearchParams();
  const token = params.get('token') ?? '';
  const setup = useApiData<{ needed: boolean }>('/setup');

  return (
    <AuthLayout>
      <PageHeader title="Set up imhost" description="Create the first administrator of this installation." />
      <DataView state={setup} onRetry={setup.reload}>
        {({ needed }) =>
          !needed ? (
            <p className="alert alert-info">
              The first administrator already exists. <Link to="/login">Sign in</Link> instead.
            </p>
          ) : !token ? (
            <p className="alert alert-error" role="alert">
              This page needs the one-time link that <code>imhost start</code> printed on first start.
            </p>
          ) : (
            <SetupForm token={token} />
          )
        }
      </DataView>
    </AuthLayout>
  );
}

function SetupForm({ token }: { token: string }) {
  const submission = useSubmit();
  const { refresh } = useSession();
  const navigate = useNavigate();
  const [form, setForm] = useState({ name: '', email: '', password: '' });
  const set = (key: keyof typeof form) => (event: { target: { value: string } }) =>
    setForm((previous) => ({ ...previous, [key]: event.target.value }));

  async function handleSubmit(event: FormEvent) {
    event.preventDefault();
    const ok = await submission.run(async () => {
      await api.post('/setup', { token, ...form });
    });
    if (ok) {
      const me = await refresh();
      navigate(me ? '/' : '/login', { replace: true });
    }
  }

  return (
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
        label="Email"
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
        hint="At least 8 characters."
        error={submission.fieldError('password')}
      />
      <FormStatus submission={submission} />
      <div className="form-actions">
        <button type="submit" className="button button-primary button-block" disabled={submission.isPending}>
          {submission.isPending ? 'Creating…' : 'Create administrator'}
        </button>
      </div>
    </form>
  );
}
