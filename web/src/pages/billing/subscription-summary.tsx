import { Link } from 'react-router';
import type { Subscription } from '../../api/views';
import { BillingStatus } from '../../components/billing/billing-status';
import { Day } from '../../components/billing/billing-dates';
import { Money } from '../../components/billing/money';

/** "Team · monthly · 10 seats"; pay-as-you-go plans have no seats to mention. */
export function planTerms(subscription: Subscription, { withPlanName = true } = {}): string {
  const seats = subscription.seats === 1 ? '1 seat' : `${subscription.seats} seats`;
  return [
    ...(withPlanName ? [subscription.planName] : []),
    subscription.cycle,
    ...(subscription.seats > 0 ? [seats] : []),
  ].join(' · ');
}

/** Plan, state and the next charge of one subscription: shown on the billing page and the host page. */
export function SubscriptionSummary({
  subscription,
  title,
}: {
  subscription: Subscription;
  /** The host's name on the billing page, the plan's on the host page. */
  title: string;
}) {
  const { next, timeZone } = subscription;
  return (
    <div className="subscription-summary">
      <div>
        <h3>
          <Link to={`/billing/subscriptions/${encodeURIComponent(subscription.id)}`} className="strong-link">
            {title}
          </Link>
        </h3>
        <p className="cell-secondary">
          {planTerms(subscription)} <BillingStatus status={subscription.status} />
        </p>
        {subscription.cancelAt && (
          <p className="cell-secondary">
            Ends on <Day value={subscription.cancelAt} timeZone={timeZone} />
          </p>
        )}
        {subscription.trialEndsAt && subscription.status === 'trial' && (
          <p className="cell-secondary">
            Trial until <Day value={subscription.trialEndsAt} timeZone={timeZone} />
          </p>
        )}
      </div>
      <dl className="next-charge">
        <dt>Next billing date</dt>
        <dd>{next ? <Day value={next.dueAt} timeZone={timeZone} /> : 'None'}</dd>
        <dt>Amount due</dt>
        <dd>{next ? <Money amount={next.total} currency={next.currency} /> : '—'}</dd>
      </dl>
    </div>
  );
}
