import { useState } from 'react';
import { Link } from 'react-router';
import { announceChange } from '../../api/changes';
import { api, unwrap } from '../../api/client';
import type { DomainOverviewRow } from '../../api/views';
import { DateTime } from '../../components/date-time';
import { Field } from '../../components/field';
import { FormStatus } from '../../components/form-status';
import { PageHeader } from '../../components/page-header';
import { DataView, Empty } from '../../components/states';
import { useApiData } from '../../hooks/use-api-data';
import { useSubmit } from '../../hooks/use-submit';

const verificationText: Record<DomainOverviewRow['verification'], string> = {
  verified: 'Verified',
  pending: 'Waiting for TXT record',
  expired: 'Expired unproven',
  unverified: 'Unverified (not required)',
};

const certificateText: Record<DomainOverviewRow['certificateStatus'], string> = {
  valid: 'Trusted',
  pending: 'Waiting',
  failed: 'Issuance failed',
  expiring: 'Expiring',
  mismatch: 'Served certificate differs',
  self_signed: 'Self-signed',
  none: 'None',
};

/** Every host's domain and certificate across customers: failures first, then the nearest deadline. */
export function StaffDomainsPage() {
  const domains = useApiData('/api/v1/admin/domains');
  return (
    <>
      <PageHeader
        title="Domains & certificates"
        description="Every host's domain: failures first, then the nearest deadline."
      />
      <section className="panel" aria-label="Domains">
        <DataView state={domains} onRetry={domains.reload}>
          {({ items }) =>
            items.length === 0 ? (
              <Empty title="No host has a domain yet" />
            ) : (
              <div className="table-wrap">
                <table className="table">
                  <thead>
                    <tr>
                      <th scope="col">Domain</th>
                      <th scope="col">Customer</th>
                      <th scope="col">Ownership</th>
                      <th scope="col">DNS</th>
                      <th scope="col">Certificate</th>
                      <th scope="col">Next deadline</th>
                    </tr>
                  </thead>
                  <tbody>
                    {items.map((row) => (
                      <DomainRow key={row.hostId} row={row} />
                    ))}
                  </tbody>
                </table>
              </div>
            )
          }
        </DataView>
      </section>
    </>
  );
}

function DomainRow({ row }: { row: DomainOverviewRow }) {
  const [isVerifying, setVerifying] = useState(false);
  return (
    <tr>
      <td>
        <Link to={`/hosts/${encodeURIComponent(row.hostId)}`} className="strong-link">
          {row.domain}
        </Link>
        {row.isFailing && (
          <div>
            <span className="badge badge-danger">Needs attention</span>
          </div>
        )}
      </td>
      <td>{row.customerName}</td>
      <td>
        {verificationText[row.verification]}
        {row.verification !== 'verified' &&
          (isVerifying ? (
            <VerifyForm hostId={row.hostId} domain={row.domain} onDone={() => setVerifying(false)} />
          ) : (
            <div>
              <button
                type="button"
                className="button button-secondary button-small"
                onClick={() => setVerifying(true)}
              >
                Verify by hand
              </button>
            </div>
          ))}
      </td>
      <td>{row.isDnsOk === null ? 'Not checked yet' : row.isDnsOk ? 'Right' : 'Needs changes'}</td>
      <td>
        {certificateText[row.certificateStatus]}
        {row.notAfter && (
          <div className="cell-secondary">
            expires <DateTime value={row.notAfter} />
          </div>
        )}
      </td>
      <td>{row.deadline ? <DateTime value={row.deadline} /> : '—'}</td>
    </tr>
  );
}

function VerifyForm({ hostId, domain, onDone }: { hostId: string; domain: string; onDone(): void }) {
  const [reason, setReason] = useState('');
  const submission = useSubmit();
  return (
    <form
      onSubmit={(event) => {
        event.preventDefault();
        void submission.run(async () => {
          await unwrap(
            api.POST('/api/v1/admin/hosts/{id}/domain/verify', {
              params: { path: { id: hostId } },
              body: { reason },
            }),
          );
          announceChange('/api/v1/admin/domains');
          onDone();
        });
      }}
    >
      <Field
        label={`Why is ${domain} the customer's?`}
        name="reason"
        value={reason}
        required
        minLength={3}
        maxLength={500}
        onChange={(event) => setReason(event.target.value)}
      />
      <div className="form-actions">
        <button type="submit" className="button button-primary button-small" disabled={submission.isPending}>
          Verify
        </button>
        <button type="button" className="button button-secondary button-small" onClick={onDone}>
          Cancel
        </button>
      </div>
      <FormStatus submission={submission} />
    </form>
  );
}
