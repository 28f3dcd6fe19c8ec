import { type FormEvent } from 'react';
import { Link } from 'react-router';
import { api, unwrap } from '../api/client';
import { AuthLayout } from '../components/auth-layout';
import { Field } from '../components/field';
import { FormStatus } from '../components/form-status';
import { PageHeader } from '../components/page-header';
import { useSubmit } from '../hooks/use-submit';
import { useSession } from '../session/session';
import { useForm } from '../hooks/use-form';
import { EmailField, NameField, NewPasswordField } from '../components/account-fields';

export function SignUpPage() {
  const { refresh } = useSession();
  const submission = useSubmit();
  const form = useForm({ name: '', organization: '', email: '', password: '' }, submission);

  async function handleSubmit(event: FormEvent) {
    event.preventDefault();
    await submission.run(async () => {
      await unwrap(api.POST('/api/v1/signup', { body: form.values }));
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
        <NameField {...form.field('name')} />
        <Field label="Organisation" autoComplete="organization" required {...form.field('organization')} />
        <EmailField label="Work email" {...form.field('email')} />
        <NewPasswordField {...form.field('password')} />
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
