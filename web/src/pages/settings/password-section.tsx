import { useState, type FormEvent } from 'react';
import { api } from '../../api/client';
import { Field } from '../../components/field';
import { FormStatus } from '../../components/form-status';
import { useSubmit } from '../../hooks/use-submit';

const emptyForm = { currentPassword: '', newPassword: '' };

export function PasswordSection() {
  const submission = useSubmit();
  const [form, setForm] = useState(emptyForm);
  const set = (key: keyof typeof form) => (event: { target: { value: string } }) =>
    setForm((previous) => ({ ...previous, [key]: event.target.value }));

  async function handleSubmit(event: FormEvent) {
    event.preventDefault();
    const ok = await submission.run(async () => {
      await api.post('/me/password', form);
      return 'Your password was changed.';
    });
    if (ok) setForm(emptyForm);
  }

  return (
    <section className="panel" aria-labelledby="password-title">
      <h2 id="password-title">Password</h2>
      <form onSubmit={(event) => void handleSubmit(event)} noValidate>
        <div className="form-grid">
          <Field
            label="Current password"
            name="currentPassword"
            type="password"
            autoComplete="current-password"
            required
            value={form.currentPassword}
            onChange={set('currentPassword')}
            error={submission.fieldError('currentPassword')}
          />
          <Field
            label="New password"
            name="newPassword"
            type="password"
            autoComplete="new-password"
            required
            minLength={8}
            value={form.newPassword}
            onChange={set('newPassword')}
            hint="At least 8 characters."
            error={submission.fieldError('newPassword')}
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
