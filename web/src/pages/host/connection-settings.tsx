import { CopyButton } from '../../components/copy-button';

/** What members type into their chat app (Conversations, Gajim, Monal, Dino …) to connect. */
export function ConnectionSettings({ domain }: { domain: string }) {
  const rows = [
    { label: 'Address (JID)', value: `username@${domain}`, copy: false },
    { label: 'Server', value: domain, copy: true },
    { label: 'Port (STARTTLS)', value: '5222', copy: false },
    { label: 'Port (direct TLS)', value: '5223', copy: false },
  ];
  return (
    <section className="panel" aria-labelledby="connect-title">
      <h2 id="connect-title">Client settings</h2>
      <p className="muted">
        Most chat apps only need the address and password; the rest is found automatically.
      </p>
      <dl className="settings-list">
        {rows.map((row) => (
          <div key={row.label} className="settings-row">
            <dt>{row.label}</dt>
            <dd>
              <code>{row.value}</code>
              {row.copy && <CopyButton value={row.value} label={`Copy ${row.label.toLowerCase()}`} />}
            </dd>
          </div>
        ))}
      </dl>
      <p className="note">
        Until a real certificate is installed for {domain}, the server uses a self-signed certificate: chat
        apps will ask you to trust it on first connection.
      </p>
    </section>
  );
}
