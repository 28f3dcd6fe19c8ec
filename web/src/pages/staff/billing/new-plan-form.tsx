import { useState, type FormEvent } from 'react';
import { api, unwrap } from '../../../api/client';
import { Field } from '../../../components/field';
import { useSubmit } from '../../../hooks/use-submit';
import { useForm } from '../../../hooks/use-form';
import { SubmitRow } from '../../../components/submit-row';

const empty = {
  code: '',
  name: '',
  description: '',
  rank: '0',
  trialDays: '0',
  maxMembers: '10',
  uploadQuotaMb: '1024',
  archiveRetentionDays: '90',
  pepStorageKb: '1024',
};

/** A new plan with its entitlements; prices are added to it afterwards. */
export function NewPlanForm({ onCreated }: { onCreated(): void }) {
  const submission = useSubmit();
  const form = useForm(empty, submission);
  const { values } = form;
  const [customDomain, setCustomDomain] = useState(false);
  const count = (name: keyof typeof empty) => Number.parseInt(values[name].trim(), 10);

  async function handleSubmit(event: FormEvent) {
    event.preventDefault();
    const ok = await submission.run(async () => {
      await unwrap(
        api.POST('/api/v1/admin/billing/plans', {
          body: {
            code: values.code.trim(),
            name: values.name.trim(),
            description: values.description.trim(),
            rank: count('rank'),
            trialDays: count('trialDays'),
            entitlements: {
              maxMembers: count('maxMembers'),
              uploadQuotaMb: count('uploadQuotaMb'),
              archiveRetentionDays: count('archiveRetentionDays'),
              pepStorageKb: count('pepStorageKb'),
              customDomain,
            },
          },
        }),
      );
      return `The plan ${values.name.trim()} was created. Add its prices above.`;
    });
    if (ok) {
      form.reset();
      setCustomDomain(false);
      onCreated();
    }
  }

  const field = (name: keyof typeof empty, label: string, isNumber = false) => (
    <Field label={label} inputMode={isNumber ? 'numeric' : undefined} {...form.field(name)} />
  );
  return (
    <form onSubmit={(event) => void handleSubmit(event)} noValidate>
      <div className="form-grid">
        {field('code', 'Code')}
        {field('name', 'Name')}
        {field('description', 'Description')}
        {field('rank', 'Rank (higher is an upgrade)', true)}
        {field('trialDays', 'Trial days', true)}
        {field('maxMembers', 'Maximum members', true)}
        {field('uploadQuotaMb', 'Upload quota (MB)', true)}
        {field('archiveRetentionDays', 'Archive retention (days)', true)}
        {field('pepStorageKb', 'Personal storage per member (KB)', true)}
      </div>
      <label className="checkbox">
        <input
          type="checkbox"
          checked={customDomain}
          onChange={(event) => setCustomDomain(event.target.checked)}
        />{' '}
        Custom domain allowed
      </label>
      <SubmitRow submission={submission} label="Create plan" />
    </form>
  );
}
