import type { ServerInfo } from '../../api/types';
import { CopyButton } from '../../components/copy-button';
import { DataView } from '../../components/states';
import { useApiData } from '../../hooks/use-api-data';

/** The WebSocket endpoint on the dashboard's own origin, for web chat apps (RFC 7395). */
function websocketUrl(info: ServerInfo): string {
  const url = new URL(info.websocketPath, info.publicUrl);
  url.protocol = url.protocol === 'https:' ? 'wss:' : 'ws:';
  return url.toString();
}

/** What members type into their chat app (Conversations, Gajim, Monal, Dino …) to connect. */
export function ConnectionSettings({ domain }: { domain: string }) {
  const info = useApiData<ServerInfo>('/server-info');
  return (
    <section className="panel" aria-labelledby="connect-title">
      <h2 id="connect-title">Client settings</h2>
      <p className="muted">
        Most chat apps only need the address and password; the rest is found automatically.
      </p>
      <DataView state={info} onRetry={info.reload}>
        {(server) => {
          const rows = [
            { label: 'Address (JID)', value: `username@${domain}`, copy: false },
            { label: 'Server', value: domain, copy: true },
            { label: 'Port (STARTTLS)', value: String(server.c2sPort), copy: false },
            { label: 'Port (direct TLS)', value: String(server.c2sTlsPort), copy: false },
            { label: 'WebSocket', value: websocketUrl(server), copy: true },
          ];
          return (
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
          );
        }}
      </DataView>
      <p className="note">
        Until a real certificate is installed for {domain}, the server uses a self-signed certificate: chat
        apps will ask you to trust it on first connection.
      </p>
    </section>
  );
}
