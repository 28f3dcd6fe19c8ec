import { type FormEvent } from 'react';
import { api, unwrap } from '../../api/client';
import { Field } from '../../components/field';
import { FormStatus } from '../../components/form-status';
import { useSubmit } from '../../hooks/use-submit';
import { useForm } from '../../hooks/use-form';
import { NewPasswordField } from '../../components/account-fields';

const emptyForm = { username: '', displayName: '', password: '' };

export function AddMemberForm({ hostId, domain }: { hostId: string; domain: string }) {
  const submission = useSubmit();
  const form = useForm(emptyForm, submission);
  const { values } = form;

  async function handleSubmit(event: FormEvent) {
    event.preventDefault();
    const username = values.username.trim();
    const ok = await submission.run(async () => {
      await unwrap(
        api.POST('/api/v1/hosts/{id}/members', {
          params: { path: { id: hostId } },
          body: {
            username,
            password: values.password,
            ...(values.displayName.trim() ? { displayName: values.displayName.trim() } : {}),
          },
        }),
      );
      return `${username}@${domain} can now sign in.`;
    });
    if (ok) form.reset();
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
          autoComplete="off"
          spellCheck={false}
          autoCapitalize="none"
          required
          hint={`The address will be ${values.username.trim() || 'username'}@${domain}.`}
          {...form.field('username')}
        />
        <Field label="Display name (optional)" autoComplete="off" {...form.field('displayName')} />
        <NewPasswordField
          hint="At least 8 characters. Give it to the member privately."
          {...form.field('password')}
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
