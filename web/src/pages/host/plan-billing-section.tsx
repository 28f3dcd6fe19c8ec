import { Link } from 'react-router';
import { DataView, Empty } from '../../components/states';
import { useApiData } from '../../hooks/use-api-data';
import { useMe } from '../../session/session';
import { SubscriptionSummary } from '../billing/subscription-summary';

/** The host's plan and next charge, on the host page; staff see billing in their own pages. */
export function PlanBillingSection({ hostId }: { hostId: string }) {
  const isStaff = useMe().user.kind === 'staff';
  return isStaff ? null : <CustomerPlanBilling hostId={hostId} />;
}

function CustomerPlanBilling({ hostId }: { hostId: string }) {
  const subscriptions = useApiData('/api/v1/subscriptions');
  return (
    <section className="panel" aria-labelledby="plan-billing-title">
      <h2 id="plan-billing-title">Plan &amp; billing</h2>
      <DataView state={subscriptions} onRetry={subscriptions.reload}>
        {(items) => {
          const live = items.filter((item) => item.hostId === hostId);
          const current =
            live.find((item) => item.status !== 'cancelled' && item.status !== 'terminated') ?? live[0];
          return current ? (
            <SubscriptionSummary subscription={current} title={`${current.planName} plan`} />
          ) : (
            <Empty title="No paid plan">
              <p>
                This host has no subscription. <Link to="/billing">See billing</Link>.
              </p>
            </Empty>
          );
        }}
      </DataView>
    </section>
  );
}
