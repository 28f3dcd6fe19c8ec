import { useState, type FormEvent } from 'react';
import { api, unwrap } from '../../api/client';
import type { Invitation } from '../../api/views';
import { Field } from '../../components/field';
import { FormStatus } from '../../components/form-status';
import { SelectField } from '../../components/select-field';
import { roleDescriptions, roleLabels } from '../../components/team-roles';
import { useSubmit } from '../../hooks/use-submit';

const roles = (['admin', 'billing'] as const).map((role) => ({ value: role, label: roleLabels[role] }));

export function InviteForm({ onInvited }: { onInvited(): void }) {
  const submission = useSubmit();
  const [email, setEmail] = useState('');
  const [role, setRole] = useState<Invitation['role']>('admin');

  async function handleSubmit(event: FormEvent) {
    event.preventDefault();
    const ok = await submission.run(async () => {
      const invitation = await unwrap(
        api.POST('/api/v1/team/invitations', { body: { email: email.trim(), role } }),
      );
      return `We emailed an invitation to ${invitation.email}. The link works for 7 days.`;
    });
    if (ok) {
      setEmail('');
      onInvited();
    }
  }

  return (
    <section className="panel" aria-labelledby="invite-title">
      <h2 id="invite-title">Invite someone</h2>
      <form className="inline-form" onSubmit={(event) => void handleSubmit(event)} noValidate>
        <Field
          label="Email"
          name="email"
          type="email"
          autoComplete="off"
          placeholder="colleague@example.com"
          required
          value={email}
          onChange={(event) => setEmail(event.target.value)}
          error={submission.fieldError('email')}
        />
        <SelectField
          label="Role"
          name="role"
          options={roles}
          value={role}
          hint={roleDescriptions[role]}
          onValueChange={(chosen) => setRole(chosen)}
          error={submission.fieldError('role')}
        />
        <div className="inline-form-actions">
          <button type="submit" className="button button-primary" disabled={submission.isPending}>
            Send invitation
          </button>
        </div>
        <FormStatus submission={submission} />
      </form>
    </section>
  );
}
