import { api, unwrap } from '../../../api/client';
import type { Plan } from '../../../api/views';
import { BillingStatus } from '../../../components/billing/billing-status';
import { Money } from '../../../components/billing/money';
import { FormStatus } from '../../../components/form-status';
import { useSubmit } from '../../../hooks/use-submit';
import { NewPriceForm } from './new-price-form';

/** One plan: what it allows, every version of its prices, and the way to retire it or add a price. */
export function PlanPanel({ plan, onChanged }: { plan: Plan; onChanged(): void }) {
  const toggling = useSubmit();
  const { entitlements } = plan;
  async function toggle() {
    const ok = await toggling.run(async () => {
      await unwrap(
        api.PATCH('/api/v1/admin/billing/plans/{id}', {
          params: { path: { id: plan.id } },
          body: { isActive: !plan.isActive },
        }),
      );
      return plan.isActive ? `${plan.name} is no longer on sale.` : `${plan.name} is on sale again.`;
    });
    if (ok) onChanged();
  }
  return (
    <section className="panel" aria-labelledby={`plan-${plan.id}`}>
      <div className="panel-heading">
        <h2 id={`plan-${plan.id}`}>
          {plan.name} <span className="cell-id">{plan.code}</span>{' '}
          <BillingStatus status={plan.isActive ? 'active' : 'cancelled'} />
        </h2>
        <button
          type="button"
          className="button button-secondary button-small"
          disabled={toggling.isPending}
          onClick={() => void toggle()}
        >
          {plan.isActive ? 'Retire' : 'Put on sale'}
        </button>
      </div>
      <FormStatus submission={toggling} />
      {plan.description && <p>{plan.description}</p>}
      <p className="muted">
        Up to {entitlements.maxMembers} members · {entitlements.uploadQuotaMb} MB uploads ·{' '}
        {entitlements.archiveRetentionDays} days archive · {entitlements.pepStorageKb} KB personal storage per
        member · custom domain {entitlements.customDomain ? 'allowed' : 'not allowed'} · {plan.trialDays}{' '}
        trial days
      </p>
      <div className="table-wrap">
        <table className="table">
          <caption className="visually-hidden">Prices of {plan.name}</caption>
          <thead>
            <tr>
              <th scope="col">Cycle</th>
              <th scope="col">Version</th>
              <th scope="col" className="num">
                Price
              </th>
              <th scope="col" className="num">
                Per extra seat
              </th>
              <th scope="col" className="num">
                Included seats
              </th>
              <th scope="col" className="num">
                Setup fee
              </th>
              <th scope="col">Metered</th>
            </tr>
          </thead>
          <tbody>
            {plan.prices.map((price) => (
              <tr key={price.id} className={price.isCurrent ? undefined : 'row-muted'}>
                <td>
                  {price.cycle} · {price.currency}
                </td>
                <td>
                  v{price.version} {price.isCurrent ? '' : '(old)'}
                </td>
                <td className="num">
                  <Money amount={price.amount} currency={price.currency} />
                </td>
                <td className="num">
                  <Money amount={price.seatAmount} currency={price.currency} />
                </td>
                <td className="num">{price.includedSeats}</td>
                <td className="num">
                  <Money amount={price.setupFee} currency={price.currency} />
                </td>
                <td>
                  {price.metered
                    .map(
                      (metered) =>
                        `${metered.metric.replaceAll('_', ' ')} (${metered.model.replaceAll('_', ' ')})`,
                    )
                    .join(', ') || '—'}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <NewPriceForm planId={plan.id} onCreated={onChanged} />
    </section>
  );
}
