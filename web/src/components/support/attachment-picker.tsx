import { useEffect, useId, useState, type DragEvent } from 'react';
import type { SupportFormSettings } from '../../api/views';
import { formatBytes } from './file-size';
import type { Attachments } from './use-attachments';

/** Choose, drop or paste files; shows what will be sent, with previews of images. */
export function AttachmentPicker({
  attachments,
  settings,
  label = 'Attachments',
}: {
  attachments: Attachments;
  settings: SupportFormSettings;
  label?: string;
}) {
  const inputId = useId();
  const hintId = `${inputId}-hint`;
  const [isDragging, setDragging] = useState(false);

  function handleDrop(event: DragEvent) {
    event.preventDefault();
    setDragging(false);
    attachments.add(Array.from(event.dataTransfer.files));
  }

  return (
    <div className="field">
      <label htmlFor={inputId}>{label}</label>
      <div
        className={`drop-zone${isDragging ? ' drop-zone-active' : ''}`}
        onDragOver={(event) => {
          event.preventDefault();
          setDragging(true);
        }}
        onDragLeave={() => setDragging(false)}
        onDrop={handleDrop}
      >
        <input
          id={inputId}
          type="file"
          multiple
          accept="image/png,image/jpeg,image/gif,image/webp,text/plain,.log,.txt"
          aria-describedby={hintId}
          onChange={(event) => {
            attachments.add(Array.from(event.target.files ?? []));
            // Lets the same file be chosen again after it was removed.
            event.target.value = '';
          }}
        />
        <p className="field-hint" id={hintId}>
          Drop files here or paste a screenshot. Images and text or log files, up to{' '}
          {formatBytes(settings.maxFileBytes)} each and {formatBytes(settings.maxTicketBytes)} per ticket.
        </p>
      </div>
      <div aria-live="polite">
        {attachments.problems.map((problem) => (
          <p key={problem} className="field-error">
            {problem}
          </p>
        ))}
      </div>
      {attachments.files.length > 0 && (
        <ul className="upload-list" aria-label="Files to send">
          {attachments.files.map((file, index) => (
            <li key={`${file.name}-${index}`} className="upload-item">
              <FilePreview file={file} />
              <span className="upload-name">{file.name}</span>
              <span className="muted">{formatBytes(file.size)}</span>
              <button
                type="button"
                className="button button-secondary button-small"
                aria-label={`Remove ${file.name}`}
                onClick={() => attachments.remove(index)}
              >
                Remove
              </button>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}

function FilePreview({ file }: { file: File }) {
  const [url, setUrl] = useState<string | null>(null);
  useEffect(() => {
    if (!file.type.startsWith('image/')) return;
    const objectUrl = URL.createObjectURL(file);
    setUrl(objectUrl);
    return () => URL.revokeObjectURL(objectUrl);
  }, [file]);
  if (!url) return <span className="upload-icon" aria-hidden="true" />;
  return <img className="upload-preview" src={url} alt={`Preview of ${file.name}`} />;
}
