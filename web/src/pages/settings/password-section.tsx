import { type FormEvent } from 'react';
import { api, unwrap } from '../../api/client';
import { Field } from '../../components/field';
import { FormStatus } from '../../components/form-status';
import { useSubmit } from '../../hooks/use-submit';
import { useForm } from '../../hooks/use-form';
import { NewPasswordField } from '../../components/account-fields';

const emptyForm = { currentPassword: '', newPassword: '' };

export function PasswordSection() {
  const submission = useSubmit();
  const form = useForm(emptyForm, submission);

  async function handleSubmit(event: FormEvent) {
    event.preventDefault();
    const ok = await submission.run(async () => {
      await unwrap(api.POST('/api/v1/me/password', { body: form.values }));
      return 'Your password was changed.';
    });
    if (ok) form.reset();
  }

  return (
    <section className="panel" aria-labelledby="password-title">
      <h2 id="password-title">Password</h2>
      <form onSubmit={(event) => void handleSubmit(event)} noValidate>
        <div className="form-grid">
          <Field
            label="Current password"
            type="password"
            autoComplete="current-password"
            required
            {...form.field('currentPassword')}
          />
          <NewPasswordField
            label="New password"
            hint="At least 8 characters."
            {...form.field('newPassword')}
          />
        </div>
        <FormStatus submission={submission} />
        <div className="form-actions">
          <button type="submit" className="button button-primary" disabled={submission.isPending}>
            Change password
          </button>
        </div>
      </form>
    </section>
  );
}
