import { type FormEvent } from 'react';
import { Link, useNavigate, useSearchParams } from 'react-router';
import { api, unwrap } from '../api/client';
import { AuthLayout } from '../components/auth-layout';
import { DataView } from '../components/states';
import { FormStatus } from '../components/form-status';
import { PageHeader } from '../components/page-header';
import { useApiData } from '../hooks/use-api-data';
import { useSubmit } from '../hooks/use-submit';
import { useSession } from '../session/session';
import { useForm } from '../hooks/use-form';
import { EmailField, NameField, NewPasswordField } from '../components/account-fields';

/** First run: the one-time link printed by `imhost start` creates the first staff administrator. */
export function SetupPage() {
  const [params] = useSearchParams();
  const token = params.get('token') ?? '';
  const setup = useApiData('/api/v1/setup');

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
  const form = useForm({ name: '', email: '', password: '' }, submission);

  async function handleSubmit(event: FormEvent) {
    event.preventDefault();
    const ok = await submission.run(async () => {
      await unwrap(api.POST('/api/v1/setup', { body: { token, ...form.values } }));
    });
    if (ok) {
      const me = await refresh();
      navigate(me ? '/' : '/login', { replace: true });
    }
  }

  return (
    <form onSubmit={(event) => void handleSubmit(event)} noValidate>
      <NameField {...form.field('name')} />
      <EmailField {...form.field('email')} />
      <NewPasswordField {...form.field('password')} hint="At least 8 characters." />
      <FormStatus submission={submission} />
      <div className="form-actions">
        <button type="submit" className="button button-primary button-block" disabled={submission.isPending}>
          {submission.isPending ? 'Creating…' : 'Create administrator'}
        </button>
      </div>
    </form>
  );
}
