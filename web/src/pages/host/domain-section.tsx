import { announceChange } from '../../api/changes';
import { api, unwrap } from '../../api/client';
import type { DomainRecord, HostDomain } from '../../api/views';
import { CopyButton } from '../../components/copy-button';
import { DateTime } from '../../components/date-time';
import { FormStatus } from '../../components/form-status';
import { DataView } from '../../components/states';
import { useApiData } from '../../hooks/use-api-data';
import { useSubmit } from '../../hooks/use-submit';

const recordStatus: Record<DomainRecord['status'], { label: string; tone: string }> = {
  ok: { label: 'Found', tone: 'badge-success' },
  missing: { label: 'Missing', tone: 'badge-warning' },
  wrong: { label: 'Wrong', tone: 'badge-danger' },
  error: { label: 'Lookup failed', tone: 'badge-danger' },
  unchecked: { label: 'Not checked yet', tone: 'badge-neutral' },
};

/**
 * The host's own domain: whether it is proven to be the customer's, the DNS records to set (each
 * looked up live, with what is wrong in plain words), and the certificate clients get.
 */
export function DomainSection({ hostId }: { hostId: string }) {
  const domain = useApiData('/api/v1/hosts/{id}/domain', { params: { path: { id: hostId } } });
  const check = useSubmit();

  async function checkNow() {
    await check.run(async () => {
      const answer = await unwrap(
        api.POST('/api/v1/hosts/{id}/domain/check', { params: { path: { id: hostId } } }),
      );
      // A check may have installed a certificate: Client settings shows which one clients get.
      announceChange(`/api/v1/hosts/${hostId}/certificate`);
      const wrong = answer.dns.filter((record) => record.status !== 'ok').length;
      return wrong === 0
        ? 'Every record is right.'
        : `${wrong} of ${answer.dns.length} records still need attention.`;
    });
  }

  return (
    <section className="panel" aria-labelledby="domain-title">
      <h2 id="domain-title">Domain</h2>
      <DataView state={domain} onRetry={domain.reload}>
        {(data) => (
          <>
            <Alerts alerts={data.alerts} />
            <Verification data={data} />
            <h3>DNS records</h3>
            <p className="muted">
              Set these at your DNS provider. We look them up every few minutes until they are right, then
              daily.
            </p>
            <RecordTable records={data.dns} />
            <div className="form-actions">
              <button
                type="button"
                className="button button-secondary"
                disabled={check.isPending}
                onClick={() => void checkNow()}
              >
                {check.isPending ? 'Checking…' : 'Check DNS now'}
              </button>
            </div>
            <FormStatus submission={check} />
            <Certificate data={data} />
          </>
        )}
      </DataView>
    </section>
  );
}

function Alerts({ alerts }: { alerts: HostDomain['alerts'] }) {
  if (alerts.length === 0) return null;
  return (
    <div className="note note-danger" role="alert">
      <strong>Needs attention</strong>
      <ul>
        {alerts.map((alert) => (
          <li key={`${alert.kind}-${alert.createdAt}`}>{alert.message}</li>
        ))}
      </ul>
    </div>
  );
}

const verifiedBy: Record<NonNullable<HostDomain['verification']['method']>, string> = {
  dns: 'by its TXT record',
  hosted: 'as a name under our own domain',
  staff: 'by our staff',
};

function Verification({ data }: { data: HostDomain }) {
  const { verification } = data;
  switch (verification.status) {
    case 'verified':
      return (
        <p>
          <span className="badge badge-success">Verified</span> {data.domain} is proven to be yours
          {verification.method ? ` ${verifiedBy[verification.method]}` : ''}
          {verification.verifiedAt && (
            <>
              {' '}
              since <DateTime value={verification.verifiedAt} />
            </>
          )}
          .
        </p>
      );
    case 'pending':
      return (
        <p className="note">
          <span className="badge badge-warning">Not verified</span> Prove that {data.domain} is yours by
          adding the TXT record below. Until then the host serves no one and gets no certificate. If it is not
          proven
          {verification.expiresAt && (
            <>
              {' '}
              by <DateTime value={verification.expiresAt} />
            </>
          )}
          , anyone else who proves it may take the name.
        </p>
      );
    case 'expired':
      return (
        <p className="note">
          <span className="badge badge-danger">Not verified</span> {data.domain} was not proven within 7 days,
          so anyone who proves it may now take the name. Add the TXT record below to keep it.
        </p>
      );
    case 'unverified':
      return (
        <p className="note">
          <span className="badge badge-warning">Unverified</span> {data.domain} is unverified: this server
          does not ask for proof of ownership, so the host is served without it. Add the TXT record below to
          verify it anyway.
        </p>
      );
  }
}

/** One block per record rather than a table: names and values are long, and must fit a phone. */
function RecordTable({ records }: { records: DomainRecord[] }) {
  return (
    <ul className="dns-records">
      {records.map((record) => {
        const status = recordStatus[record.status];
        return (
          <li key={`${record.type} ${record.name}`} className="dns-record">
            <p className="dns-record-title">
              <strong>{record.type}</strong> <span className={`badge ${status.tone}`}>{status.label}</span>
            </p>
            <dl className="settings-list">
              <div className="settings-row">
                <dt>Name</dt>
                <dd>
                  <code>{record.name}</code>
                  <CopyButton
                    value={record.name}
                    accessibleName={`Copy ${record.type} name ${record.name}`}
                  />
                </dd>
              </div>
              <div className="settings-row">
                <dt>Value</dt>
                <dd>
                  <code>{record.expected}</code>
                  <CopyButton
                    value={record.expected}
                    accessibleName={`Copy ${record.type} value for ${record.name}`}
                  />
                </dd>
              </div>
            </dl>
            {record.explanation && <p className="note">{record.explanation}</p>}
            {record.status !== 'ok' && record.found.length > 0 && (
              <p className="muted">Found instead: {record.found.join(', ')}</p>
            )}
          </li>
        );
      })}
    </ul>
  );
}

const sourceText: Record<HostDomain['certificate']['source'], string> = {
  acme: 'Issued automatically',
  operator: 'Installed by the operator',
  self_signed: 'Self-signed',
  none: 'None yet',
};

function Certificate({ data }: { data: HostDomain }) {
  const { certificate } = data;
  return (
    <>
      <h3>Certificate</h3>
      <dl className="facts">
        <dt>Source</dt>
        <dd>
          {sourceText[certificate.source]}
          {certificate.issuer && certificate.source !== 'self_signed' && <> by {certificate.issuer}</>}
        </dd>
        <dt>Expires</dt>
        <dd>{certificate.notAfter ? <DateTime value={certificate.notAfter} /> : '—'}</dd>
        <dt>Next renewal</dt>
        <dd>
          {certificate.renewAt ? (
            <DateTime value={certificate.renewAt} />
          ) : certificate.source === 'operator' ? (
            'by the operator'
          ) : (
            '—'
          )}
        </dd>
      </dl>
      <CertificateNote data={data} />
    </>
  );
}

function CertificateNote({ data }: { data: HostDomain }) {
  const { certificate } = data;
  switch (certificate.status) {
    case 'valid':
      return (
        <p>
          <span className="badge badge-success">Trusted</span> Chat apps accept this certificate without
          asking.
        </p>
      );
    case 'pending':
      return (
        <p className="note">
          A trusted certificate is ordered once {data.domain} is verified and its name points at us.
        </p>
      );
    case 'failed':
      return (
        <p className="note">
          <span className="badge badge-danger">Not issued</span> The certificate authority refused:{' '}
          {certificate.lastError}. We try again automatically
          {certificate.nextAttemptAt && (
            <>
              {' '}
              on <DateTime value={certificate.nextAttemptAt} />
            </>
          )}
          ; check the DNS records above.
        </p>
      );
    case 'expiring':
      return (
        <p className="note">
          <span className="badge badge-warning">Expiring</span> Fewer than 14 days are left on this
          certificate.
        </p>
      );
    case 'mismatch':
      return (
        <p className="note">
          <span className="badge badge-danger">Mismatch</span> A port serves another certificate than this
          one; our staff have been told.
        </p>
      );
    case 'self_signed':
      return (
        <p className="note">
          This server does not get trusted certificates automatically, so chat apps will ask members to trust
          this self-signed one (compare its fingerprint under Client settings).
        </p>
      );
    case 'none':
      return <p>No certificate yet.</p>;
  }
}
