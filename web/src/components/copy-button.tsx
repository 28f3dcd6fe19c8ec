import { useState } from 'react';

/** Copies a value to the clipboard and says so, for screen readers too. */
export function CopyButton({
  value,
  label = 'Copy',
  accessibleName,
}: {
  value: string;
  label?: string;
  /** A fuller name for screen readers when several buttons on the page say the same `label`. */
  accessibleName?: string;
}) {
  const [result, setResult] = useState<'copied' | 'failed' | null>(null);

  async function copy() {
    try {
      await navigator.clipboard.writeText(value);
      setResult('copied');
    } catch {
      setResult('failed');
    }
  }

  return (
    <>
      <button
        type="button"
        className="button button-secondary button-small"
        aria-label={accessibleName}
        onClick={() => void copy()}
      >
        {label}
      </button>
      <span aria-live="polite" className="copy-result">
        {result === 'copied'
          ? 'Copied'
          : result === 'failed'
            ? 'Copy failed: select the text and copy it'
            : ''}
      </span>
    </>
  );
}
