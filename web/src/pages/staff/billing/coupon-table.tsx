import { api, unwrap } from '../../../api/client';
import type { Coupon } from '../../../api/views';
import { BillingStatus } from '../../../components/billing/billing-status';
import { Money } from '../../../components/billing/money';
import { FormStatus } from '../../../components/form-status';
import { useSubmit } from '../../../hooks/use-submit';

/** The coupons, each with the button that retires or activates it. */
export function CouponTable({ coupons, onChanged }: { coupons: Coupon[]; onChanged(): void }) {
  const toggling = useSubmit();
  async function toggle(coupon: Coupon) {
    const ok = await toggling.run(async () => {
      await unwrap(
        api.PATCH('/api/v1/admin/billing/coupons/{id}', {
          params: { path: { id: coupon.id } },
          body: { isActive: !coupon.isActive },
        }),
      );
      return coupon.isActive ? `${coupon.code} is retired.` : `${coupon.code} is active again.`;
    });
    if (ok) onChanged();
  }
  return (
    <>
      <div className="table-wrap">
        <table className="table">
          <thead>
            <tr>
              <th scope="col">Code</th>
              <th scope="col">Discount</th>
              <th scope="col">For</th>
              <th scope="col">Status</th>
              <th scope="col">
                <span className="visually-hidden">Actions</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {coupons.map((coupon) => (
              <tr key={coupon.id}>
                <td className="cell-primary">{coupon.code}</td>
                <td>
                  {coupon.kind === 'percent' ? (
                    `${coupon.percentOff} %`
                  ) : (
                    <Money amount={coupon.amountOff ?? 0} currency={coupon.currency ?? 'EUR'} />
                  )}
                </td>
                <td>{coupon.durationCycles === null ? 'ever' : `${coupon.durationCycles} cycles`}</td>
                <td>
                  <BillingStatus status={coupon.isActive ? 'active' : 'cancelled'} />
                </td>
                <td className="cell-actions">
                  <button
                    type="button"
                    className="button button-secondary button-small"
                    disabled={toggling.isPending}
                    aria-label={`${coupon.isActive ? 'Retire' : 'Activate'} ${coupon.code}`}
                    onClick={() => void toggle(coupon)}
                  >
                    {coupon.isActive ? 'Retire' : 'Activate'}
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <FormStatus submission={toggling} />
    </>
  );
}
