import { useState, type FormEvent } from 'react';
import { api, unwrap } from '../../api/client';
import type { TwoFactorSetup } from '../../api/views';
import { CopyButton } from '../../components/copy-button';
import { Field } from '../../components/field';
import { FormStatus } from '../../components/form-status';
import { useSubmit } from '../../hooks/use-submit';
import { useMe, useSession } from '../../session/session';

export function TwoFactorSection() {
  const me = useMe();
  const isEnabled = me.user.twoFactorEnabled;
  return (
    <section className="panel" aria-labelledby="twofactor-title">
      <h2 id="twofactor-title">Two-factor authentication</h2>
      <p>
        Status:{' '}
        <span className={`badge ${isEnabled ? 'badge-success' : 'badge-neutral'}`}>
          {isEnabled ? 'on' : 'off'}
        </span>
      </p>
      {isEnabled ? <DisableForm /> : <SetupFlow />}
    </section>
  );
}

function CodeField({
  value,
  onChange,
  error,
}: {
  value: string;
  onChange(value: string): void;
  error?: string;
}) {
  return (
    <Field
      label="Authentication code"
      name="code"
      inputMode="numeric"
      autoComplete="one-time-code"
      pattern="[0-9]*"
      maxLength={6}
      required
      value={value}
      onChange={(event) => onChange(event.target.value.replace(/\D/g, ''))}
      hint="The 6-digit code your authenticator app shows now."
      error={error}
    />
  );
}

function SetupFlow() {
  const { refresh } = useSession();
  const start = useSubmit();
  const confirm = useSubmit();
  const [setup, setSetup] = useState<TwoFactorSetup | null>(null);
  const [code, setCode] = useState('');

  async function begin() {
    await start.run(async () => {
      setSetup(await unwrap(api.POST('/api/v1/me/2fa/setup')));
    });
  }

  async function handleEnable(event: FormEvent) {
    event.preventDefault();
    await confirm.run(async () => {
      await unwrap(api.POST('/api/v1/me/2fa/enable', { body: { code } }));
      await refresh();
    });
  }

  if (!setup)
    return (
      <>
        <p className="muted">
          Protect your account with a one-time code from an authenticator app (FreeOTP, Aegis, Google
          Authenticator …) in addition to your password.
        </p>
        <FormStatus submission={start} />
        <button
          type="button"
          className="button button-primary"
          disabled={start.isPending}
          onClick={() => void begin()}
        >
          Set up two-factor authentication
        </button>
      </>
    );

  return (
    <div className="twofactor-setup">
      <ol className="steps">
        <li>
          <p>Scan this QR code with your authenticator app.</p>
          <img
            className="qr"
            src={`data:image/svg+xml;charset=utf-8,${encodeURIComponent(setup.qrSvg)}`}
            alt="QR code for your authenticator app"
            width={180}
            height={180}
          />
          <p className="muted">Or enter this key by hand:</p>
          <div className="secret-row">
            <code className="secret">{setup.secret}</code>
            <CopyButton value={setup.secret} label="Copy key" />
          </div>
        </li>
        <li>
          <p>Enter the code the app shows to finish.</p>
          <form className="inline-form" onSubmit={(event) => void handleEnable(event)} noValidate>
            <CodeField value={code} onChange={setCode} error={confirm.fieldError('code')} />
            <div className="inline-form-actions">
              <button type="submit" className="button button-primary" disabled={confirm.isPending}>
                Turn on
              </button>
            </div>
            <FormStatus submission={confirm} />
          </form>
        </li>
      </ol>
    </div>
  );
}

function DisableForm() {
  const { refresh } = useSession();
  const submission = useSubmit();
  const [code, setCode] = useState('');

  async function handleSubmit(event: FormEvent) {
    event.preventDefault();
    await submission.run(async () => {
      await unwrap(api.POST('/api/v1/me/2fa/disable', { body: { code } }));
      await refresh();
    });
  }

  return (
    <form className="inline-form" onSubmit={(event) => void handleSubmit(event)} noValidate>
      <CodeField value={code} onChange={setCode} error={submission.fieldError('code')} />
      <div className="inline-form-actions">
        <button type="submit" className="button button-danger-outline" disabled={submission.isPending}>
          Turn off
        </button>
      </div>
      <FormStatus submission={submission} />
    </form>
  );
}
