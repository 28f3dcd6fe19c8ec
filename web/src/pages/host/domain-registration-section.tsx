import { api, unwrap } from '../../api/client';
import type { HostDomain } from '../../api/views';
import { formatMoney } from '../../components/billing/money';
import { CopyButton } from '../../components/copy-button';
import { DateTime, formatInstant } from '../../components/date-time';
import { FormStatus } from '../../components/form-status';
import { DataView } from '../../components/states';
import { StatusBadge } from '../../components/status-badge';
import { useState } from 'react';
import { useApiData } from '../../hooks/use-api-data';
import { useSubmit } from '../../hooks/use-submit';
import { useMe } from '../../session/session';

type Registration = NonNullable<HostDomain['registration']>;
type Reminder = Registration['reminders'][number];

const stateLabel: Record<Registration['state'], string> = {
  active: 'active',
  expiring: 'expiring soon',
  expired: 'expired (grace period)',
  redemption: 'being deleted by the registry',
  unknown: 'unknown',
};

const renewalLabel: Record<NonNullable<Registration['lastRenewal']>['status'], string> = {
  invoicing: 'waiting for an invoice',
  awaiting_payment: 'waiting for payment',
  paid: 'paid; renewing at the registrar',
  at_registrar: 'paid; our staff are renewing it at the registrar',
  renewed: 'renewed',
  refused: 'refused by the registrar; refund under way',
  refunded: 'refused by the registrar; refunded',
  cancelled: 'cancelled',
};

function reminderText(reminder: Pick<Reminder, 'offsetDays'>): string {
  const days = Math.abs(reminder.offsetDays);
  const unit = days === 1 ? 'day' : 'days';
  return reminder.offsetDays < 0 ? `${days} ${unit} before expiry` : `${days} ${unit} after expiry`;
}

/**
 * The registration of the host's own domain: when it expires (from the registry, by RDAP), its
 * state, auto-renewal with its price where we registered it, and the reminders sent. A host under
 * the provider's domain has none, and the section is not shown.
 */
export function DomainRegistrationSection({ hostId, canChange }: { hostId: string; canChange: boolean }) {
  const domain = useApiData('/api/v1/hosts/{id}/domain', { params: { path: { id: hostId } } });
  return (
    <DataView state={domain} onRetry={domain.reload}>
      {(data) =>
        data.registration ? (
          <RegistrationPanel hostId={hostId} registration={data.registration} canChange={canChange} />
        ) : null
      }
    </DataView>
  );
}

function RegistrationPanel({
  hostId,
  registration,
  canChange,
}: {
  hostId: string;
  registration: Registration;
  canChange: boolean;
}) {
  const submission = useSubmit();
  const [calendarUrl, setCalendarUrl] = useState<string | null>(null);
  const isCustomer = useMe().user.kind === 'customer';
  const params = { path: { id: hostId } };
  const name = registration.domain ?? registration.hostDomain;
  const price = registration.renewalPrice;

  const toggle = (autoRenew: boolean) =>
    submission.run(async () => {
      await unwrap(api.PATCH('/api/v1/hosts/{id}/domain', { params, body: { autoRenew } }));
      return autoRenew ? `${name} renews automatically.` : `Auto-renewal of ${name} is off.`;
    });
  const check = () =>
    submission.run(async () => {
      await unwrap(api.POST('/api/v1/hosts/{id}/domain/registration/check', { params }));
      return 'Checked with the registry.';
    });
  const makeCalendar = () =>
    submission.run(async () => {
      const { url } = await unwrap(api.POST('/api/v1/domains/calendar'));
      setCalendarUrl(url);
      return 'Add this link to your calendar app; it shows it once. A new link ends the old one.';
    });
  const dismiss = () =>
    submission.run(async () => {
      await unwrap(api.DELETE('/api/v1/hosts/{id}/domain/banner', { params }));
    });

  return (
    <section className="panel" aria-labelledby="registration-title">
      <h2 id="registration-title">Domain registration</h2>
      {registration.banner && (
        <div className="alert alert-warning" role="alert">
          <p>
            <strong>
              {name}{' '}
              {registration.banner.offsetDays < 0
                ? `expires on ${formatInstant(registration.banner.expiresAt, { timeZone: 'UTC', withTime: false })}`
                : `expired on ${formatInstant(registration.banner.expiresAt, { timeZone: 'UTC', withTime: false })}`}
              .
            </strong>{' '}
            {registration.autoRenew
              ? 'Auto-renewal is on: we renew it before then.'
              : `Renew it${registration.registrar ? ` at ${registration.registrar}` : ' at your registrar'}, or this IM host stops working.`}
          </p>
          <button
            type="button"
            className="button button-small button-secondary"
            onClick={() => void dismiss()}
          >
            Dismiss
          </button>
        </div>
      )}
      <dl className="facts">
        <dt>Registered name</dt>
        <dd>{registration.domain ?? <span className="muted">not found at the registry</span>}</dd>
        <dt>Expires</dt>
        <dd>
          <DateTime value={registration.expiresAt} never="not known" />
        </dd>
        <dt>State</dt>
        <dd>
          <StatusBadge status={stateLabel[registration.state]} />
          {registration.lastError && <span className="muted"> {registration.lastError}</span>}
        </dd>
        <dt>Registrar</dt>
        <dd>{registration.registrar ?? <span className="muted">—</span>}</dd>
        <dt>Last checked</dt>
        <dd>
          <DateTime value={registration.checkedAt} never="not yet" />
        </dd>
        {registration.lastRenewal && (
          <>
            <dt>Last renewal</dt>
            <dd>
              {renewalLabel[registration.lastRenewal.status]}
              {registration.lastRenewal.newExpiresAt && (
                <>
                  {' '}
                  (until <DateTime value={registration.lastRenewal.newExpiresAt} />)
                </>
              )}
            </dd>
          </>
        )}
      </dl>
      {registration.isThroughProvider ? (
        <label className="checkbox">
          <input
            type="checkbox"
            checked={registration.autoRenew}
            disabled={!canChange || submission.isPending}
            onChange={(event) => void toggle(event.target.checked)}
          />{' '}
          Renew automatically
          {price ? ` for ${formatMoney(price.amount, price.currency)} a year (plus tax)` : ''},{' '}
          {registration.renewalLeadDays} days before it expires
        </label>
      ) : (
        <p className="muted">
          This domain is registered elsewhere: renew it at its registrar. Auto-renewal is for domains
          registered through us.
        </p>
      )}
      <p>
        <button type="button" className="button button-small button-secondary" onClick={() => void check()}>
          Check now
        </button>{' '}
        {isCustomer && (
          <button
            type="button"
            className="button button-small button-secondary"
            onClick={() => void makeCalendar()}
          >
            Calendar link for deadlines
          </button>
        )}
      </p>
      {calendarUrl && (
        <p>
          <code className="secret">{calendarUrl}</code>{' '}
          <CopyButton value={calendarUrl} label="Copy calendar link" />
        </p>
      )}
      <FormStatus submission={submission} />
      <h3>Reminders sent</h3>
      {registration.reminders.length === 0 ? (
        <p className="muted">
          None yet. We remind you 30, 7 and 1 days before the expiry, and 1 and 5 days after.
        </p>
      ) : (
        <ul>
          {registration.reminders.map((reminder) => (
            <li key={`${reminder.expiresAt}:${reminder.offsetDays}`}>
              {reminderText(reminder)}: sent <DateTime value={reminder.sentAt} /> to{' '}
              {reminder.recipients.join(', ')}
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
