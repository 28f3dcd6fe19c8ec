import { useState, type FormEvent } from 'react';
import { api, seg } from '../../../api/client';
import type { BillingCycle, Coupon, Plan } from '../../../api/types';
import { BillingStatus } from '../../../components/billing/billing-status';
import { Money } from '../../../components/billing/money';
import { Field } from '../../../components/field';
import { FormStatus } from '../../../components/form-status';
import { PageHeader } from '../../../components/page-header';
import { SelectField } from '../../../components/select-field';
import { DataView, Empty } from '../../../components/states';
import { useApiData } from '../../../hooks/use-api-data';
import { useSubmit } from '../../../hooks/use-submit';
import { NewPlanForm } from './new-plan-form';
import { StaffBillingNav } from './staff-billing-nav';

/** Plans with every price version, and coupons. */
export function StaffCatalogPage() {
  const plans = useApiData<Plan[]>('/admin/billing/plans');
  const coupons = useApiData<Coupon[]>('/admin/billing/coupons');
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

function PlanPanel({ plan, onChanged }: { plan: Plan; onChanged(): void }) {
  const toggling = useSubmit();
  const { entitlements } = plan;
  async function toggle() {
    const ok = await toggling.run(async () => {
      await api.patch(`/admin/billing/plans/${seg(plan.id)}`, { isActive: !plan.isActive });
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
        {entitlements.archiveRetentionDays} days archive · custom domain{' '}
        {entitlements.customDomain ? 'allowed' : 'not allowed'} · {plan.trialDays} trial days
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

const cycleOptions: { value: BillingCycle; label: string }[] = [
  { value: 'monthly', label: 'Monthly' },
  { value: 'quarterly', label: 'Quarterly' },
  { value: 'annual', label: 'Annual' },
];

const minorUnits = (value: string) => Number.parseInt(value.trim(), 10);

function NewPriceForm({ planId, onCreated }: { planId: string; onCreated(): void }) {
  const submission = useSubmit();
  const [values, setValues] = useState({
    cycle: 'monthly',
    currency: 'EUR',
    amount: '',
    seatAmount: '0',
    includedSeats: '0',
    setupFee: '0',
  });
  const set = (name: keyof typeof values) => (event: { target: { value: string } }) =>
    setValues((previous) => ({ ...previous, [name]: event.target.value }));

  async function handleSubmit(event: FormEvent) {
    event.preventDefault();
    const ok = await submission.run(async () => {
      await api.post(`/admin/billing/plans/${seg(planId)}/prices`, {
        cycle: values.cycle,
        currency: values.currency.trim().toUpperCase(),
        amount: minorUnits(values.amount),
        seatAmount: minorUnits(values.seatAmount),
        includedSeats: minorUnits(values.includedSeats),
        setupFee: minorUnits(values.setupFee),
      });
      return 'The new price version is on sale.';
    });
    if (ok) onCreated();
  }

  return (
    <details className="subform-details">
      <summary>Add a price version</summary>
      <form className="subform" onSubmit={(event) => void handleSubmit(event)} noValidate>
        <div className="form-grid">
          <SelectField
            label="Cycle"
            name="cycle"
            value={values.cycle}
            options={cycleOptions}
            onChange={set('cycle')}
          />
          <Field
            label="Currency"
            name="currency"
            value={values.currency}
            onChange={set('currency')}
            error={submission.fieldError('currency')}
          />
          <Field
            label="Price (minor units)"
            name="amount"
            inputMode="numeric"
            value={values.amount}
            onChange={set('amount')}
            hint="2900 is 29.00."
            error={submission.fieldError('amount')}
          />
          <Field
            label="Per extra seat (minor units)"
            name="seatAmount"
            inputMode="numeric"
            value={values.seatAmount}
            onChange={set('seatAmount')}
            error={submission.fieldError('seatAmount')}
          />
          <Field
            label="Included seats"
            name="includedSeats"
            inputMode="numeric"
            value={values.includedSeats}
            onChange={set('includedSeats')}
            error={submission.fieldError('includedSeats')}
          />
          <Field
            label="Setup fee (minor units)"
            name="setupFee"
            inputMode="numeric"
            value={values.setupFee}
            onChange={set('setupFee')}
            error={submission.fieldError('setupFee')}
          />
        </div>
        <div className="form-actions">
          <button type="submit" className="button button-primary" disabled={submission.isPending}>
            Add price
          </button>
        </div>
        <FormStatus submission={submission} />
      </form>
    </details>
  );
}

function CouponTable({ coupons, onChanged }: { coupons: Coupon[]; onChanged(): void }) {
  const toggling = useSubmit();
  async function toggle(coupon: Coupon) {
    const ok = await toggling.run(async () => {
      await api.patch(`/admin/billing/coupons/${seg(coupon.id)}`, { isActive: !coupon.isActive });
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

function NewCouponForm({ onCreated }: { onCreated(): void }) {
  const submission = useSubmit();
  const [values, setValues] = useState({
    code: '',
    kind: 'percent',
    off: '',
    currency: 'EUR',
    durationCycles: '',
  });
  const set = (name: keyof typeof values) => (event: { target: { value: string } }) =>
    setValues((previous) => ({ ...previous, [name]: event.target.value }));
  const isPercent = values.kind === 'percent';

  async function handleSubmit(event: FormEvent) {
    event.preventDefault();
    const ok = await submission.run(async () => {
      const cycles = values.durationCycles.trim();
      await api.post('/admin/billing/coupons', {
        code: values.code.trim(),
        kind: values.kind,
        ...(isPercent
          ? { percentOff: values.off.trim() }
          : { amountOff: minorUnits(values.off), currency: values.currency.trim().toUpperCase() }),
        durationCycles: cycles ? minorUnits(cycles) : null,
      });
      return `Coupon ${values.code.trim()} was created.`;
    });
    if (ok) {
      setValues((previous) => ({ ...previous, code: '', off: '', durationCycles: '' }));
      onCreated();
    }
  }

  return (
    <form className="subform" onSubmit={(event) => void handleSubmit(event)} noValidate>
      <h3>New coupon</h3>
      <div className="form-grid">
        <Field
          label="Code"
          name="code"
          value={values.code}
          onChange={set('code')}
          error={submission.fieldError('code')}
        />
        <SelectField
          label="Kind"
          name="kind"
          value={values.kind}
          options={[
            { value: 'percent', label: 'Percent off' },
            { value: 'amount', label: 'Amount off' },
          ]}
          onChange={set('kind')}
        />
        <Field
          label={isPercent ? 'Percent off' : 'Amount off (minor units)'}
          name="off"
          inputMode="decimal"
          value={values.off}
          onChange={set('off')}
          error={submission.fieldError(isPercent ? 'percentOff' : 'amountOff')}
        />
        {!isPercent && (
          <Field
            label="Currency"
            name="currency"
            value={values.currency}
            onChange={set('currency')}
            error={submission.fieldError('currency')}
          />
        )}
        <Field
          label="Cycles (optional)"
          name="durationCycles"
          inputMode="numeric"
          hint="Empty: for ever."
          value={values.durationCycles}
          onChange={set('durationCycles')}
          error={submission.fieldError('durationCycles')}
        />
      </div>
      <div className="form-actions">
        <button type="submit" className="button button-primary" disabled={submission.isPending}>
          Create coupon
        </button>
      </div>
      <FormStatus submission={submission} />
    </form>
  );
}
