import { useEffect, useState, type FormEvent } from 'react';
import { useSearchParams } from 'react-router';
import { api, ApiError, unwrap } from '../api/client';
import { AuthLayout } from '../components/auth-layout';
import { NewPasswordField } from '../components/new-password-field';
import { FormStatus } from '../components/form-status';
import { PageHeader } from '../components/page-header';
import { Loading } from '../components/states';
import { useSubmit } from '../hooks/use-submit';

type LinkState =
  { status: 'loading' } | { status: 'live'; jid: string } | { status: 'dead'; message: string };

/**
 * Where a member chooses a new chat password from the link their organisation sent them. Members
 * have no dashboard account: the link's token is what lets them in, once.
 */
export function MemberPasswordPage() {
  const [params] = useSearchParams();
  const token = params.get('token') ?? '';
  const submission = useSubmit();
  const [password, setPassword] = useState('');
  const [link, setLink] = useState<LinkState>({ status: 'loading' });
  const [isDone, setDone] = useState(false);

  useEffect(() => {
    if (!token) {
      setLink({ status: 'dead', message: 'This link is incomplete. Ask for a new one.' });
      return;
    }
    unwrap(api.POST('/api/v1/member-password-reset/lookup', { body: { token } })).then(
      ({ jid }) => setLink({ status: 'live', jid }),
      (error: unknown) =>
        setLink({
          status: 'dead',
          message: error instanceof ApiError ? error.message : 'The link could not be checked.',
        }),
    );
  }, [token]);

  async function handleSubmit(event: FormEvent) {
    event.preventDefault();
    const ok = await submission.run(async () => {
      const { jid } = await unwrap(
        api.POST('/api/v1/member-password-reset/confirm', { body: { token, password } }),
      );
      return `The password of ${jid} is changed. Sign in with it in your chat app.`;
    });
    if (ok) setDone(true);
  }

  return (
    <AuthLayout>
      <PageHeader title="Choose a new chat password" />
      {link.status === 'loading' && <Loading />}
      {link.status === 'dead' && (
        <p className="alert alert-error" role="alert">
          {link.message}
        </p>
      )}
      {link.status === 'live' && (
        <form onSubmit={(event) => void handleSubmit(event)} noValidate>
          <p>
            For the chat account <strong>{link.jid}</strong>.
          </p>
          <NewPasswordField
            value={password}
            onChange={setPassword}
            hint="At least 8 characters. The link works once."
            error={submission.fieldError('password')}
            disabled={isDone}
          />
          <FormStatus submission={submission} />
          {!isDone && (
            <div className="form-actions">
              <button
                type="submit"
                className="button button-primary button-block"
                disabled={submission.isPending}
              >
                {submission.isPending ? 'Saving…' : 'Set new password'}
              </button>
            </div>
          )}
        </form>
      )}
    </AuthLayout>
  );
}
