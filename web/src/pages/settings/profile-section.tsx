import { useState, type FormEvent } from 'react';
import { api, unwrap } from '../../api/client';
import { Field } from '../../components/field';
import { FormStatus } from '../../components/form-status';
import { useSubmit } from '../../hooks/use-submit';
import { useMe, useSession } from '../../session/session';

export function ProfileSection() {
  const me = useMe();
  const { refresh } = useSession();
  const submission = useSubmit();
  const [name, setName] = useState(me.user.name);

  async function handleSubmit(event: FormEvent) {
    event.preventDefault();
    await submission.run(async () => {
      await unwrap(api.PATCH('/api/v1/me', { body: { name: name.trim() } }));
      await refresh();
      return 'Your name was saved.';
    });
  }

  return (
    <section className="panel" aria-labelledby="profile-title">
      <h2 id="profile-title">Profile</h2>
      <dl className="settings-list">
        <div className="settings-row">
          <dt>Email</dt>
          <dd>
            {me.user.email}{' '}
            <span className={`badge ${me.user.emailVerified ? 'badge-success' : 'badge-warning'}`}>
              {me.user.emailVerified ? 'verified' : 'not verified'}
            </span>
          </dd>
        </div>
        {me.customer && (
          <div className="settings-row">
            <dt>Organisation</dt>
            <dd>
              {me.customer.name} <span className="muted">({me.customer.role})</span>
            </dd>
          </div>
        )}
        {me.user.staffRole && (
          <div className="settings-row">
            <dt>Staff role</dt>
            <dd>{me.user.staffRole}</dd>
          </div>
        )}
      </dl>
      <form className="inline-form" onSubmit={(event) => void handleSubmit(event)} noValidate>
        <Field
          label="Name"
          name="name"
          autoComplete="name"
          required
          value={name}
          onChange={(event) => setName(event.target.value)}
          error={submission.fieldError('name')}
        />
        <div className="inline-form-actions">
          <button type="submit" className="button button-primary" disabled={submission.isPending}>
            Save name
          </button>
        </div>
        <FormStatus submission={submission} />
      </form>
    </section>
  );
}
