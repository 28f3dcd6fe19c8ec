import { useRef, useState, type FormEvent } from 'react';
import { Link, useNavigate, useSearchParams } from 'react-router';
import { api, multipart, unwrap } from '../../api/client';
import type { SupportDepartment, SupportFormSettings, TicketPriority } from '../../api/views';
import { Field } from '../../components/field';
import { FormStatus } from '../../components/form-status';
import { PageHeader } from '../../components/page-header';
import { SelectField } from '../../components/select-field';
import { DataView } from '../../components/states';
import { AttachmentPicker } from '../../components/support/attachment-picker';
import { TextareaField } from '../../components/support/textarea-field';
import { priorityLabel, TICKET_PRIORITIES } from '../../components/support/ticket-badges';
import { useAttachments } from '../../components/support/use-attachments';
import { useApiData, type Loadable } from '../../hooks/use-api-data';
import { useSubmit } from '../../hooks/use-submit';
import { useMe } from '../../session/session';

const BILLING_DEPARTMENT = 'dep_billing';

export function NewTicketPage() {
  const departments = useApiData('/api/v1/support/departments');
  const settings = useApiData('/api/v1/support/form-settings');
  const both: Loadable<[SupportDepartment[], SupportFormSettings]> =
    departments.status === 'ready' && settings.status === 'ready'
      ? { status: 'ready', data: [departments.data.items, settings.data] }
      : departments.status === 'error'
        ? departments
        : settings.status === 'error'
          ? settings
          : { status: 'loading' };
  return (
    <>
      <p className="breadcrumb">
        <Link to="/support">← Support</Link>
      </p>
      <PageHeader
        title="Submit a ticket"
        description="Describe what happened as precisely as you can; logs and screenshots help a lot."
      />
      <DataView
        state={both}
        onRetry={() => {
          departments.reload();
          settings.reload();
        }}
      >
        {([items, formSettings]) => <NewTicketForm departments={items} settings={formSettings} />}
      </DataView>
    </>
  );
}

function NewTicketForm({
  departments,
  settings,
}: {
  departments: SupportDepartment[];
  settings: SupportFormSettings;
}) {
  const me = useMe();
  const navigate = useNavigate();
  const [params] = useSearchParams();
  const submission = useSubmit();
  const attachments = useAttachments(settings);
  const hosts = useApiData('/api/v1/hosts', { params: { query: { limit: 200 } } });
  const invoices = useApiData('/api/v1/invoices', { params: { query: { limit: 50 } } });
  const invoiceRef = useRef<HTMLDivElement>(null);
  const presetInvoice = params.get('invoice') ?? '';
  const [departmentId, setDepartmentId] = useState(
    presetInvoice ? BILLING_DEPARTMENT : (params.get('department') ?? departments[0]?.id ?? ''),
  );
  const [priority, setPriority] = useState<TicketPriority>('normal');
  const [hostId, setHostId] = useState(params.get('host') ?? '');
  const [invoiceId, setInvoiceId] = useState(presetInvoice);
  const [subject, setSubject] = useState('');
  const [description, setDescription] = useState('');
  const [logText, setLogText] = useState('');
  const [tooShort, setTooShort] = useState(false);
  const hasBilling = departments.some((department) => department.id === BILLING_DEPARTMENT);
  const descriptionLength = description.trim().length;

  async function handleSubmit(event: FormEvent) {
    event.preventDefault();
    if (descriptionLength < settings.minDescriptionLength) {
      setTooShort(true);
      return;
    }
    setTooShort(false);
    await submission.run(async () => {
      const fields = {
        departmentId,
        priority,
        subject: subject.trim(),
        description,
        logText: logText.trim() ? logText : undefined,
        hostId: hostId || undefined,
        invoiceId: invoiceId || undefined,
      };
      const detail = await unwrap(
        api.POST('/api/v1/tickets', { body: fields, ...multipart(attachments.files) }),
      );
      navigate(`/support/tickets/${encodeURIComponent(detail.ticket.id)}`);
    });
  }

  function askBillingQuestion() {
    setDepartmentId(BILLING_DEPARTMENT);
    invoiceRef.current?.querySelector('select')?.focus();
  }

  const descriptionError =
    submission.fieldError('description') ??
    (tooShort && descriptionLength < settings.minDescriptionLength
      ? `Please write at least ${settings.minDescriptionLength} characters.`
      : undefined);

  return (
    <form
      className="panel ticket-form"
      onSubmit={(event) => void handleSubmit(event)}
      onPaste={attachments.onPaste}
      noValidate
      aria-label="New ticket"
    >
      <div className="form-grid">
        <Field label="Account" name="account" value={me.customer?.name ?? me.user.name} readOnly />
        <Field label="Email" name="email" value={me.user.email} readOnly hint="We answer to this address." />
      </div>
      <div className="form-grid">
        <SelectField
          label="Department"
          name="departmentId"
          value={departmentId}
          onChange={(event) => setDepartmentId(event.target.value)}
          options={departments.map((department) => ({ value: department.id, label: department.name }))}
          error={submission.fieldError('departmentId')}
        />
        <SelectField
          label="Priority"
          name="priority"
          value={priority}
          onValueChange={(chosen) => setPriority(chosen)}
          options={TICKET_PRIORITIES.map((value) => ({ value, label: priorityLabel(value) }))}
        />
      </div>
      {hasBilling && departmentId !== BILLING_DEPARTMENT && (
        <p className="form-aside-left">
          About an invoice or a payment?{' '}
          <button type="button" className="link-button" onClick={askBillingQuestion}>
            Ask a billing question
          </button>
        </p>
      )}
      <div className="form-grid">
        {hosts.status === 'ready' && hosts.data.items.length > 0 && (
          <SelectField
            label="IM host (optional)"
            name="hostId"
            value={hostId}
            onChange={(event) => setHostId(event.target.value)}
            options={[
              { value: '', label: 'None' },
              ...hosts.data.items.map((host) => ({ value: host.id, label: host.displayDomain })),
            ]}
            error={submission.fieldError('hostId')}
          />
        )}
        {invoices.status === 'ready' && invoices.data.items.length > 0 && (
          <div ref={invoiceRef}>
            <SelectField
              label="Invoice (optional)"
              name="invoiceId"
              value={invoiceId}
              onChange={(event) => setInvoiceId(event.target.value)}
              options={[
                { value: '', label: 'None' },
                ...invoices.data.items.map((invoice) => ({
                  value: invoice.id,
                  label: `${invoice.number ?? invoice.id} (${invoice.status})`,
                })),
              ]}
              error={submission.fieldError('invoiceId')}
            />
          </div>
        )}
      </div>
      <Field
        label="Subject"
        name="subject"
        required
        maxLength={200}
        value={subject}
        onChange={(event) => setSubject(event.target.value)}
        error={submission.fieldError('subject')}
      />
      <TextareaField
        label="Description"
        name="description"
        required
        rows={8}
        value={description}
        onChange={(event) => setDescription(event.target.value)}
        hint={`Markdown works. At least ${settings.minDescriptionLength} characters (${descriptionLength} so far). What did you do, what did you expect, what happened instead?`}
        error={descriptionError}
      />
      <TextareaField
        label="Logs (optional)"
        name="logText"
        rows={6}
        isMonospace
        spellCheck={false}
        value={logText}
        onChange={(event) => setLogText(event.target.value)}
        hint="Paste client or server output. Passwords, tokens, Authorization headers and SASL data are removed before it is stored."
        error={submission.fieldError('logText')}
      />
      <AttachmentPicker attachments={attachments} settings={settings} />
      <div className="form-actions">
        <button type="submit" className="button button-primary" disabled={submission.isPending}>
          {submission.isPending ? 'Submitting…' : 'Submit ticket'}
        </button>
        <Link to="/support" className="button button-secondary">
          Cancel
        </Link>
      </div>
      <FormStatus submission={submission} />
    </form>
  );
}
