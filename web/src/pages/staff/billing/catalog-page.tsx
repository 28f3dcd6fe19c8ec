import { PageHeader } from '../../../components/page-header';
import { DataView, Empty } from '../../../components/states';
import { useApiData } from '../../../hooks/use-api-data';
import { CouponTable } from './coupon-table';
import { NewCouponForm } from './new-coupon-form';
import { NewPlanForm } from './new-plan-form';
import { PlanPanel } from './plan-panel';
import { StaffBillingNav } from './staff-billing-nav';
import { TldPricesPanel } from './tld-prices-panel';

/** Plans with every price version, and coupons. */
export function StaffCatalogPage() {
  const plans = useApiData('/api/v1/admin/billing/plans');
  const coupons = useApiData('/api/v1/admin/billing/coupons');
  return (
    <>
      <PageHeader
        title="Catalog"
        description="What customers can buy. Prices are versioned: a new price applies to new subscriptions."
      />
      <StaffBillingNav />
      <DataView
        state={plans}
        onRetry={plans.reload}
        isEmpty={(items) => items.length === 0}
        empty={<Empty title="No plans yet" />}
      >
        {(items) => items.map((plan) => <PlanPanel key={plan.id} plan={plan} onChanged={plans.reload} />)}
      </DataView>
      <section className="panel" aria-labelledby="new-plan-title">
        <h2 id="new-plan-title">New plan</h2>
        <NewPlanForm onCreated={plans.reload} />
      </section>
      <TldPricesPanel />
      <section className="panel" aria-labelledby="coupons-title">
        <h2 id="coupons-title">Coupons</h2>
        <DataView
          state={coupons}
          onRetry={coupons.reload}
          isEmpty={(items) => items.length === 0}
          empty={<Empty title="No coupons yet" />}
        >
          {(items) => <CouponTable coupons={items} onChanged={coupons.reload} />}
        </DataView>
        <NewCouponForm onCreated={coupons.reload} />
      </section>
    </>
  );
}
