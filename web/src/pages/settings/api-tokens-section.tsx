import { useState, type FormEvent } from 'react';
import { api, unwrap } from '../../api/client';
import type { ApiToken, CreatedToken } from '../../api/views';
import { ConfirmDialog } from '../../components/confirm-dialog';
import { CopyButton } from '../../components/copy-button';
import { DateTime } from '../../components/date-time';
import { Field } from '../../components/field';
import { FormStatus } from '../../components/form-status';
import { PagedListView } from '../../components/paged-list';
import { Empty } from '../../components/states';
import { usePagedList } from '../../hooks/use-api-data';
import { useSubmit } from '../../hooks/use-submit';

export function ApiTokensSection() {
  const tokens = usePagedList('/api/v1/tokens');
  const submission = useSubmit();
  const [name, setName] = useState('');
  const [created, setCreated] = useState<CreatedToken | null>(null);
  const [revoking, setRevoking] = useState<ApiToken | null>(null);

  async function handleSubmit(event: FormEvent) {
    event.preventDefault();
    const ok = await submission.run(async () => {
      setCreated(await unwrap(api.POST('/api/v1/tokens', { body: { name: name.trim() } })));
    });
    if (ok) {
      setName('');
      tokens.reload();
    }
  }

  return (
    <section className="panel" aria-labelledby="tokens-title">
      <h2 id="tokens-title">API tokens</h2>
      <p className="muted">
        Tokens let scripts use the <a href="/api/docs">REST API</a> as you: send them as{' '}
        <code>Authorization: Bearer …</code>.
      </p>
      <form className="inline-form" onSubmit={(event) => void handleSubmit(event)} noValidate>
        <Field
          label="Token name"
          name="name"
          placeholder="Provisioning script"
          autoComplete="off"
          required
          value={name}
          onChange={(event) => setName(event.target.value)}
          error={submission.fieldError('name')}
        />
        <div className="inline-form-actions">
          <button type="submit" className="button button-primary" disabled={submission.isPending}>
            Create token
          </button>
        </div>
        <FormStatus submission={submission} />
      </form>
      {created && (
        <div className="callout" role="status">
          <p>
            <strong>Copy the token “{created.name}” now.</strong> It is shown only once.
          </p>
          <div className="secret-row">
            <code className="secret">{created.token}</code>
            <CopyButton value={created.token} label="Copy token" />
          </div>
          <button
            type="button"
            className="button button-secondary button-small"
            onClick={() => setCreated(null)}
          >
            Done
          </button>
        </div>
      )}
      <PagedListView list={tokens} empty={<Empty title="No API tokens" />}>
        {(items) => (
          <div className="table-wrap">
            <table className="table">
              <thead>
                <tr>
                  <th scope="col">Name</th>
                  <th scope="col">Created</th>
                  <th scope="col">Last used</th>
                  <th scope="col">
                    <span className="visually-hidden">Actions</span>
                  </th>
                </tr>
              </thead>
              <tbody>
                {items.map((token) => (
                  <tr key={token.id}>
                    <td>
                      <div className="cell-primary">{token.name}</div>
                      <div className="cell-secondary">
                        <code>{token.prefix}…</code>
                      </div>
                    </td>
                    <td>
                      <DateTime value={token.createdAt} />
                    </td>
                    <td>
                      <DateTime value={token.lastUsedAt} never="Never" />
                    </td>
                    <td className="cell-actions">
                      <button
                        type="button"
                        className="button button-danger-outline button-small"
                        onClick={() => setRevoking(token)}
                        aria-label={`Revoke token ${token.name}`}
                      >
                        Revoke
                      </button>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </PagedListView>
      <ConfirmDialog
        title={`Revoke “${revoking?.name ?? ''}”?`}
        isOpen={revoking !== null}
        isDanger
        confirmLabel="Revoke token"
        onClose={() => setRevoking(null)}
        onConfirm={async () => {
          if (!revoking) return;
          await unwrap(api.DELETE('/api/v1/tokens/{id}', { params: { path: { id: revoking.id } } }));
          tokens.reload();
        }}
      >
        <p>Scripts using this token stop working at once.</p>
      </ConfirmDialog>
    </section>
  );
}
