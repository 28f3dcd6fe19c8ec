import { useState, type FormEvent } from 'react';
import { api } from '../../api/client';
import { Field } from '../../components/field';
import { FormStatus } from '../../components/form-status';
import { useSubmit } from '../../hooks/use-submit';

const emptyForm = { username: '', displayName: '', password: '' };

export function AddMemberForm({ membersPath, domain }: { membersPath: string; domain: string }) {
  const submission = useSubmit();
  const [form, setForm] = useState(emptyForm);
  const set = (key: keyof typeof form) => (event: { target: { value: string } }) =>
    setForm((previous) => ({ ...previous, [key]: event.target.value }));

  async function handleSubmit(event: FormEvent) {
    event.preventDefault();
    const username = form.username.trim();
    const ok = await submission.run(async () => {
      await api.post(membersPath, {
        username,
        password: form.password,
        ...(form.displayName.trim() ? { displayName: form.displayName.trim() } : {}),
      });
      return `${username}@${domain} can now sign in.`;
    });
    if (ok) setForm(emptyForm);
  }

  return (
    <form
      className="subform"
      onSubmit={(event) => void handleSubmit(event)}
      noValidate
      aria-labelledby="add-member-title"
    >
      <h3 id="add-member-title">Add a member</h3>
      <div className="form-grid">
        <Field
          label="Username"
          name="username"
          autoComplete="off"
          spellCheck={false}
          autoCapitalize="none"
          required
          value={form.username}
          onChange={set('username')}
          hint={`The address will be ${form.username.trim() || 'username'}@${domain}.`}
          error={submission.fieldError('username')}
        />
        <Field
          label="Display name (optional)"
          name="displayName"
          autoComplete="off"
          value={form.displayName}
          onChange={set('displayName')}
          error={submission.fieldError('displayName')}
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
          hint="At least 8 characters. Give it to the member privately."
          error={submission.fieldError('password')}
        />
      </div>
      <FormStatus submission={submission} />
      <div className="form-actions">
        <button type="submit" className="button button-primary" disabled={submission.isPending}>
          {submission.isPending ? 'Adding…' : 'Add member'}
        </button>
      </div>
    </form>
  );
}
