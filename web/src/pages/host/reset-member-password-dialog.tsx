import { useState, type FormEvent } from 'react';
import { api, unwrap } from '../../api/client';
import type { Member } from '../../api/views';
import { Dialog } from '../../components/dialog';
import { Field } from '../../components/field';
import { FormStatus } from '../../components/form-status';
import { useSubmit } from '../../hooks/use-submit';

interface Props {
  member: Member | null;
  hostId: string;
  onClose(): void;
  onChanged(member: Member): void;
}

export function ResetMemberPasswordDialog({ member, hostId, onClose, onChanged }: Props) {
  const submission = useSubmit();
  const [password, setPassword] = useState('');

  function close() {
    setPassword('');
    submission.reset();
    onClose();
  }

  async function handleSubmit(event: FormEvent) {
    event.preventDefault();
    if (!member) return;
    const ok = await submission.run(async () => {
      await unwrap(
        api.POST('/api/v1/hosts/{id}/members/{username}/password', {
          params: { path: { id: hostId, username: member.username } },
          body: { password },
        }),
      );
    });
    if (ok) {
      onChanged(member);
      close();
    }
  }

  return (
    <Dialog title={`New password for ${member?.jid ?? ''}`} isOpen={member !== null} onClose={close}>
      <form onSubmit={(event) => void handleSubmit(event)} noValidate>
        <Field
          label="New password"
          name="password"
          type="password"
          autoComplete="new-password"
          required
          minLength={8}
          autoFocus
          value={password}
          onChange={(event) => setPassword(event.target.value)}
          hint="Their chat apps must sign in again with it."
          error={submission.fieldError('password')}
        />
        <FormStatus submission={submission} />
        <div className="dialog-actions">
          <button type="button" className="button button-secondary" onClick={close}>
            Cancel
          </button>
          <button type="submit" className="button button-primary" disabled={submission.isPending}>
            {submission.isPending ? 'Saving…' : 'Set password'}
          </button>
        </div>
      </form>
    </Dialog>
  );
}
