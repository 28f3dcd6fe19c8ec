import { useParams } from 'react-router';
import type { ServerInfo } from '../../api/views';
import { CopyButton } from '../../components/copy-button';
import { DateTime } from '../../components/date-time';
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
  const info = useApiData('/api/v1/server-info');
  return (
    <section className="panel" aria-labelledby="connect-title">
      <h2 id="connect-title">Client settings</h2>
      <p className="muted">
        Most chat apps only need the address and password: they find the server through the DNS records listed
        under Domain.
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
      <CertificateStatus domain={domain} />
    </section>
  );
}

/**
 * Which certificate clients get. A self-signed one must be trusted by hand, so its fingerprint is
 * shown for members to compare with what their chat app displays before they accept it.
 */
function CertificateStatus({ domain }: { domain: string }) {
  // Rendered on the host page only, whose route names the host.
  const { hostId = '' } = useParams();
  const certificate = useApiData('/api/v1/hosts/{id}/certificate', { params: { path: { id: hostId } } });
  return (
    <div>
      <h3>TLS certificate</h3>
      <DataView state={certificate} onRetry={certificate.reload}>
        {(cert) =>
          cert.isSelfSigned ? (
            <>
              <p className="note">
                <span className="badge badge-warning">Self-signed</span> Until a real certificate is installed
                for {domain}, chat apps will ask you to trust this one on first connection. Accept it only if
                the fingerprint they show matches this one.
              </p>
              <dl className="settings-list">
                <div className="settings-row">
                  <dt>SHA-256 fingerprint</dt>
                  <dd>
                    <code>{cert.fingerprintSha256}</code>
                    <CopyButton value={cert.fingerprintSha256} label="Copy fingerprint" />
                  </dd>
                </div>
              </dl>
            </>
          ) : (
            <p>
              <span className="badge badge-success">Installed</span> A certificate for {domain} is installed;
              it expires <DateTime value={cert.notAfter} />.
            </p>
          )
        }
      </DataView>
    </div>
  );
}
