import { useState, type FormEvent, type ReactNode } from 'react';
import type { SupportFormSettings } from '../../api/views';
import { useSubmit } from '../../hooks/use-submit';
import { FormStatus } from '../form-status';
import { AttachmentPicker } from './attachment-picker';
import { TextareaField } from './textarea-field';
import { useAttachments } from './use-attachments';

interface ReplyFormProps {
  /** Posts the message with its files (multipart); the form only collects them. */
  send(message: { body: string; logText?: string }, files: File[]): Promise<unknown>;
  settings: SupportFormSettings;
  usedBytes: number;
  withLogs?: boolean;
  label?: string;
  submitLabel: string;
  /** Controls shown above the text (staff: canned responses), given a way to insert text. */
  tools?: (insert: (text: string) => void) => ReactNode;
  className?: string;
  onSent(): void;
}

/** A message with attachments for a ticket: the customer's reply, the agent's reply or internal note. */
export function ReplyForm({
  send,
  settings,
  usedBytes,
  withLogs = false,
  label = 'Message',
  submitLabel,
  tools,
  className,
  onSent,
}: ReplyFormProps) {
  const submission = useSubmit();
  const attachments = useAttachments(settings, usedBytes);
  const [body, setBody] = useState('');
  const [logText, setLogText] = useState('');
  const [isEmpty, setEmpty] = useState(false);

  async function handleSubmit(event: FormEvent) {
    event.preventDefault();
    if (!body.trim()) {
      setEmpty(true);
      return;
    }
    setEmpty(false);
    const message = withLogs && logText.trim() ? { body, logText } : { body };
    const ok = await submission.run(async () => {
      await send(message, attachments.files);
    });
    if (ok) {
      setBody('');
      setLogText('');
      attachments.clear();
      onSent();
    }
  }

  return (
    <form
      className={className}
      onSubmit={(event) => void handleSubmit(event)}
      onPaste={attachments.onPaste}
      noValidate
    >
      {tools?.((text) => setBody((current) => (current.trim() ? `${current.trimEnd()}\n\n${text}` : text)))}
      <TextareaField
        label={label}
        name="body"
        rows={5}
        value={body}
        onChange={(event) => setBody(event.target.value)}
        hint="Markdown works."
        error={submission.fieldError('body') ?? (isEmpty ? 'Write a message first.' : undefined)}
      />
      {withLogs && (
        <TextareaField
          label="Logs (optional)"
          name="logText"
          rows={4}
          isMonospace
          spellCheck={false}
          value={logText}
          onChange={(event) => setLogText(event.target.value)}
          hint="Secrets are removed before it is stored."
        />
      )}
      <AttachmentPicker attachments={attachments} settings={settings} />
      <div className="form-actions">
        <button type="submit" className="button button-primary" disabled={submission.isPending}>
          {submission.isPending ? 'Sending…' : submitLabel}
        </button>
      </div>
      <FormStatus submission={submission} />
    </form>
  );
}
