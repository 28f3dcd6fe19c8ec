import type { FormEvent } from 'react';
import { api, unwrap } from '../../../api/client';
import type { Coupon } from '../../../api/views';
import { Field } from '../../../components/field';
import { SelectField } from '../../../components/select-field';
import { useForm } from '../../../hooks/use-form';
import { useSubmit } from '../../../hooks/use-submit';
import { minorUnits } from './minor-units';
import { SubmitRow } from '../../../components/submit-row';

const kindOptions: { value: Coupon['kind']; label: string }[] = [
  { value: 'percent', label: 'Percent off' },
  { value: 'amount', label: 'Amount off' },
];

type CouponValues = {
  code: string;
  kind: Coupon['kind'];
  off: string;
  currency: string;
  durationCycles: string;
};

const initial: CouponValues = { code: '', kind: 'percent', off: '', currency: 'EUR', durationCycles: '' };

/** A coupon: a percent or an amount off, for some cycles or for ever. */
export function NewCouponForm({ onCreated }: { onCreated(): void }) {
  const submission = useSubmit();
  const form = useForm(initial, submission);
  const { values } = form;
  const isPercent = values.kind === 'percent';

  async function handleSubmit(event: FormEvent) {
    event.preventDefault();
    const ok = await submission.run(async () => {
      const cycles = values.durationCycles.trim();
      await unwrap(
        api.POST('/api/v1/admin/billing/coupons', {
          body: {
            code: values.code.trim(),
            kind: values.kind,
            ...(isPercent
              ? { percentOff: values.off.trim() }
              : { amountOff: minorUnits(values.off), currency: values.currency.trim().toUpperCase() }),
            durationCycles: cycles ? minorUnits(cycles) : null,
          },
        }),
      );
      return `Coupon ${values.code.trim()} was created.`;
    });
    if (ok) {
      form.reset({ code: '', off: '', durationCycles: '' });
      onCreated();
    }
  }

  return (
    <form className="subform" onSubmit={(event) => void handleSubmit(event)} noValidate>
      <h3>New coupon</h3>
      <div className="form-grid">
        <Field label="Code" {...form.field('code')} />
        <SelectField label="Kind" options={kindOptions} {...form.choice('kind')} />
        <Field
          label={isPercent ? 'Percent off' : 'Amount off (minor units)'}
          inputMode="decimal"
          {...form.field('off')}
          error={submission.fieldError(isPercent ? 'percentOff' : 'amountOff')}
        />
        {!isPercent && <Field label="Currency" {...form.field('currency')} />}
        <Field
          label="Cycles (optional)"
          inputMode="numeric"
          hint="Empty: for ever."
          {...form.field('durationCycles')}
        />
      </div>
      <SubmitRow submission={submission} label="Create coupon" />
    </form>
  );
}
