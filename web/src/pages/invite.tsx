import { type FormEvent } from 'react';
import { Link, useNavigate, useSearchParams } from 'react-router';
import { api, unwrap } from '../api/client';
import type { InvitationPreview } from '../api/views';
import { AuthLayout } from '../components/auth-layout';
import { FormStatus } from '../components/form-status';
import { PageHeader } from '../components/page-header';
import { ErrorState, Loading } from '../components/states';
import { roleLabels } from '../components/team-roles';
import { useSubmit } from '../hooks/use-submit';
import { useSession } from '../session/session';
import { useInvitationPreview } from './invite/use-invitation-preview';
import { useForm } from '../hooks/use-form';
import { NameField, NewPasswordField } from '../components/account-fields';

/** Where an emailed invitation lands: join the team, creating an account if the address has none. */
export function InvitePage() {
  const [params] = useSearchParams();
  const token = params.get('token') ?? '';
  const preview = useInvitationPreview(token);
  return (
    <AuthLayout
      footer={
        <p>
          <Link to="/">Back to imhost</Link>
        </p>
      }
    >
      {preview.status === 'loading' && <Loading label="Opening the invitation…" />}
      {preview.status === 'error' && (
        <>
          <PageHeader title="Invitation" />
          <ErrorState error={preview.error} />
        </>
      )}
      {preview.status === 'ready' && <AcceptForm token={token} invitation={preview.data} />}
    </AuthLayout>
  );
}

function AcceptForm({ token, invitation }: { token: string; invitation: InvitationPreview }) {
  const navigate = useNavigate();
  const { state, refresh } = useSession();
  const signedInAs = state.status === 'signed-in' ? state.me.user.email : null;
  const submission = useSubmit();
  const form = useForm({ name: '', password: '' }, submission);

  async function handleSubmit(event: FormEvent) {
    event.preventDefault();
    const ok = await submission.run(async () => {
      await unwrap(
        api.POST('/api/v1/invitations/accept', {
          body: invitation.accountExists ? { token } : { token, ...form.values },
        }),
      );
    });
    if (!ok) return;
    // The answer set the new session's cookies; read who we are now, then open the dashboard.
    await refresh();
    await navigate('/hosts', { replace: true });
  }

  return (
    <>
      <PageHeader
        title={`Join ${invitation.organization}`}
        description={
          <>
            You are invited as <strong>{roleLabels[invitation.role].toLowerCase()}</strong> with{' '}
            <strong>{invitation.email}</strong>.
          </>
        }
      />
      {signedInAs && signedInAs !== invitation.email && (
        <p className="alert alert-info">
          You are signed in as {signedInAs}. Accepting signs you in as {invitation.email} instead.
        </p>
      )}
      <form onSubmit={(event) => void handleSubmit(event)} noValidate>
        {invitation.accountExists ? (
          <p className="muted">
            You already have an imhost account with this address. Accepting adds it to{' '}
            {invitation.organization} and signs you in.
          </p>
        ) : (
          <>
            <NameField {...form.field('name')} />
            <NewPasswordField label="Choose a password" {...form.field('password')} />
          </>
        )}
        <FormStatus submission={submission} />
        <div className="form-actions">
          <button
            type="submit"
            className="button button-primary button-block"
            disabled={submission.isPending}
          >
            {invitation.accountExists ? 'Accept invitation' : 'Accept and create account'}
          </button>
        </div>
      </form>
    </>
  );
}
