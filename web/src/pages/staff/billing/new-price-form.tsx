import type { FormEvent } from 'react';
import { api, unwrap } from '../../../api/client';
import type { BillingCycle } from '../../../api/views';
import { Field } from '../../../components/field';
import { SelectField } from '../../../components/select-field';
import { useForm } from '../../../hooks/use-form';
import { cycleOptions } from '../../../components/billing/cycle-options';
import { useSubmit } from '../../../hooks/use-submit';
import { minorUnits } from './minor-units';
import { SubmitRow } from '../../../components/submit-row';

type PriceValues = {
  cycle: BillingCycle;
  currency: string;
  amount: string;
  seatAmount: string;
  includedSeats: string;
  setupFee: string;
};

const initial: PriceValues = {
  cycle: 'monthly',
  currency: 'EUR',
  amount: '',
  seatAmount: '0',
  includedSeats: '0',
  setupFee: '0',
};

/** A new version of a plan's price for one cycle and currency; new subscriptions get it. */
export function NewPriceForm({ planId, onCreated }: { planId: string; onCreated(): void }) {
  const submission = useSubmit();
  const form = useForm(initial, submission);
  const { values } = form;

  async function handleSubmit(event: FormEvent) {
    event.preventDefault();
    const ok = await submission.run(async () => {
      await unwrap(
        api.POST('/api/v1/admin/billing/plans/{id}/prices', {
          params: { path: { id: planId } },
          body: {
            cycle: values.cycle,
            currency: values.currency.trim().toUpperCase(),
            amount: minorUnits(values.amount),
            seatAmount: minorUnits(values.seatAmount),
            includedSeats: minorUnits(values.includedSeats),
            setupFee: minorUnits(values.setupFee),
          },
        }),
      );
      return 'The new price version is on sale.';
    });
    if (ok) onCreated();
  }

  return (
    <details className="subform-details">
      <summary>Add a price version</summary>
      <form className="subform" onSubmit={(event) => void handleSubmit(event)} noValidate>
        <div className="form-grid">
          <SelectField label="Cycle" options={cycleOptions} {...form.choice('cycle')} />
          <Field label="Currency" {...form.field('currency')} />
          <Field
            label="Price (minor units)"
            inputMode="numeric"
            hint="2900 is 29.00."
            {...form.field('amount')}
          />
          <Field label="Per extra seat (minor units)" inputMode="numeric" {...form.field('seatAmount')} />
          <Field label="Included seats" inputMode="numeric" {...form.field('includedSeats')} />
          <Field label="Setup fee (minor units)" inputMode="numeric" {...form.field('setupFee')} />
        </div>
        <SubmitRow submission={submission} label="Add price" />
      </form>
    </details>
  );
}
