import { useState, type FormEvent } from 'react';
import { Link } from 'react-router';
import { api, unwrap } from '../../api/client';
import type { BillingCycle, Plan, PlanChange, Subscription } from '../../api/views';
import { AmountBreakdown } from '../../components/billing/amount-breakdown';
import { Day } from '../../components/billing/billing-dates';
import { formatMoney } from '../../components/billing/money';
import { Field } from '../../components/field';
import { FormStatus } from '../../components/form-status';
import { SelectField } from '../../components/select-field';
import { cycleOptions } from '../../components/billing/cycle-options';
import { useSubmit } from '../../hooks/use-submit';

/**
 * Change plan, cycle or seats. The server's preview is shown first; the change itself runs the same
 * code, so what the customer confirms is what the invoice will say.
 */
export function ChangePlanSection({
  subscription,
  plans,
  onChanged,
}: {
  subscription: Subscription;
  plans: Plan[];
  onChanged(): void;
}) {
  const [planId, setPlanId] = useState(subscription.planId);
  const [cycle, setCycle] = useState<BillingCycle>(subscription.cycle);
  const [seats, setSeats] = useState(String(subscription.seats));
  const [preview, setPreview] = useState<PlanChange | null>(null);
  const [done, setDone] = useState<PlanChange | null>(null);
  const previewing = useSubmit();
  const confirming = useSubmit();
  const params = { path: { id: subscription.id } };
  const onSale = plans.filter((plan) =>
    plan.prices.some((price) => price.currency === subscription.currency && price.isCurrent),
  );
  // Seats are sent only when changed: pay-as-you-go plans have none, and the server keeps the count.
  const seatCount = Number.parseInt(seats, 10);
  const change = { planId, cycle, ...(seatCount !== subscription.seats ? { seats: seatCount } : {}) };

  function edited() {
    setPreview(null);
    previewing.reset();
  }

  async function handlePreview(event: FormEvent) {
    event.preventDefault();
    setDone(null);
    confirming.reset();
    await previewing.run(async () => {
      setPreview(
        await unwrap(
          api.POST('/api/v1/subscriptions/{id}/change-plan', { params, body: { ...change, preview: true } }),
        ),
      );
    });
  }

  async function confirm() {
    if (!preview) return;
    const ok = await confirming.run(async () => {
      const result = await unwrap(
        api.POST('/api/v1/subscriptions/{id}/change-plan', { params, body: { ...change, preview: false } }),
      );
      setDone(result);
      setPreview(null);
      return result.effective === 'now'
        ? 'Your plan has been changed.'
        : 'The change is scheduled for the end of the current period.';
    });
    if (ok) onChanged();
  }

  return (
    <section className="panel" aria-labelledby="change-plan-title">
      <h2 id="change-plan-title">Change plan</h2>
      <form className="subform" onSubmit={(event) => void handlePreview(event)} noValidate>
        <div className="form-grid">
          <SelectField
            label="Plan"
            name="planId"
            value={planId}
            options={onSale.map((plan) => ({ value: plan.id, label: plan.name }))}
            onChange={(event) => {
              setPlanId(event.target.value);
              edited();
            }}
            error={previewing.fieldError('planId')}
          />
          <SelectField
            label="Billing cycle"
            name="cycle"
            value={cycle}
            options={cycleOptions}
            onValueChange={(chosen) => {
              setCycle(chosen);
              edited();
            }}
            error={previewing.fieldError('cycle')}
          />
          {subscription.seats > 0 && (
            <Field
              label="Seats"
              name="seats"
              type="number"
              min={1}
              value={seats}
              onChange={(event) => {
                setSeats(event.target.value);
                edited();
              }}
              error={previewing.fieldError('seats')}
            />
          )}
        </div>
        <div className="form-actions">
          <button type="submit" className="button button-secondary" disabled={previewing.isPending}>
            {previewing.isPending ? 'Getting the price…' : 'Preview the change'}
          </button>
        </div>
        <FormStatus submission={previewing} />
      </form>
      <div aria-live="polite">
        {preview && (
          <div className="quote" aria-label="Price of the change">
            <QuoteSummary change={preview} timeZone={subscription.timeZone} />
            <div className="form-actions">
              <button
                type="button"
                className="button button-primary"
                disabled={confirming.isPending}
                onClick={() => void confirm()}
              >
                {confirming.isPending ? 'Changing…' : 'Confirm the change'}
              </button>
            </div>
          </div>
        )}
      </div>
      <FormStatus submission={confirming} />
      {done?.invoiceId && (
        <p>
          <Link to={`/billing/invoices/${encodeURIComponent(done.invoiceId)}`}>
            View the invoice for this change
          </Link>
        </p>
      )}
    </section>
  );
}

function QuoteSummary({ change, timeZone }: { change: PlanChange; timeZone: string }) {
  const { quote } = change;
  if (change.effective === 'period_end' || !quote) {
    return (
      <p className="callout">
        This change takes effect on <Day value={change.effectiveAt} timeZone={timeZone} />. Nothing is charged
        now.
      </p>
    );
  }
  return (
    <>
      <p className="callout">
        {quote.total >= 0
          ? `You will be charged ${formatMoney(quote.total, quote.currency)} now for the rest of this period.`
          : `You will receive ${formatMoney(-quote.total, quote.currency)} as account credit.`}
      </p>
      <AmountBreakdown breakdown={quote} caption="Price of the change" timeZone={timeZone} />
    </>
  );
}
