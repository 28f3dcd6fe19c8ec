import { useState, type FormEvent } from 'react';
import { Link } from 'react-router';
import { api, unwrap } from '../../api/client';
import type { BillingProfile } from '../../api/views';
import { Field } from '../../components/field';
import { FormStatus } from '../../components/form-status';
import { PageHeader } from '../../components/page-header';
import { DataView } from '../../components/states';
import { useApiData } from '../../hooks/use-api-data';
import { useSubmit } from '../../hooks/use-submit';
import { useCanManageBilling } from './use-can-manage-billing';

export function BillingProfilePage() {
  const profile = useApiData('/api/v1/billing/profile');
  return (
    <>
      <p className="breadcrumb">
        <Link to="/billing">← Billing</Link>
      </p>
      <PageHeader
        title="Billing details"
        description="What your invoices say, where they are sent, and your tax."
      />
      <section className="panel" aria-label="Billing details">
        <DataView state={profile} onRetry={profile.reload}>
          {(data) => <ProfileForm profile={data} />}
        </DataView>
      </section>
    </>
  );
}

type FieldName = 'legalName' | 'address' | 'email' | 'country' | 'vatId' | 'timeZone';

function ProfileForm({ profile }: { profile: BillingProfile }) {
  const submission = useSubmit();
  const canManage = useCanManageBilling();
  const [values, setValues] = useState<Record<FieldName, string>>(() => ({
    legalName: profile.legalName ?? '',
    address: profile.address ?? '',
    email: profile.email ?? '',
    country: profile.country ?? '',
    vatId: profile.vatId ?? '',
    timeZone: profile.timeZone,
  }));

  async function handleSubmit(event: FormEvent) {
    event.preventDefault();
    await submission.run(async () => {
      const trimmed = (name: FieldName) => values[name].trim() || null;
      await unwrap(
        api.PATCH('/api/v1/billing/profile', {
          body: {
            legalName: trimmed('legalName'),
            address: trimmed('address'),
            email: trimmed('email'),
            country: trimmed('country')?.toUpperCase() ?? null,
            vatId: trimmed('vatId'),
            timeZone: values.timeZone.trim(),
          },
        }),
      );
      return 'Your billing details are saved.';
    });
  }

  const field = (name: FieldName, label: string, hint?: string) => (
    <Field
      label={label}
      name={name}
      value={values[name]}
      hint={hint}
      disabled={!canManage}
      onChange={(event) => setValues((previous) => ({ ...previous, [name]: event.target.value }))}
      error={submission.fieldError(name)}
    />
  );

  return (
    <form onSubmit={(event) => void handleSubmit(event)} noValidate>
      <div className="form-grid">
        {field('legalName', 'Legal name (optional)')}
        {field('address', 'Address (optional)')}
        {field(
          'email',
          'Invoice email (optional)',
          'Billing mail goes here too, besides the owners and billing contacts.',
        )}
        {field('country', 'Country (optional)', 'Two letters, such as DE. It decides the tax rate.')}
        {field('vatId', 'VAT id (optional)', 'Businesses in another EU country are invoiced without VAT.')}
        {field(
          'timeZone',
          'Billing time zone',
          'Such as Europe/Berlin. New plans start their days at midnight here.',
        )}
      </div>
      {canManage && (
        <div className="form-actions">
          <button type="submit" className="button button-primary" disabled={submission.isPending}>
            {submission.isPending ? 'Saving…' : 'Save'}
          </button>
        </div>
      )}
      <FormStatus submission={submission} />
    </form>
  );
}
