import type { ReactNode } from 'react';
import { useSubmit } from '../hooks/use-submit';
import { Dialog } from './dialog';
import { FormStatus } from './form-status';

interface ConfirmDialogProps {
  title: string;
  isOpen: boolean;
  confirmLabel: string;
  isDanger?: boolean;
  onClose(): void;
  /** The action; the dialog closes when it succeeds and shows the server's error when it fails. */
  onConfirm(): Promise<void>;
  children: ReactNode;
}

export function ConfirmDialog({
  title,
  isOpen,
  confirmLabel,
  isDanger,
  onClose,
  onConfirm,
  children,
}: ConfirmDialogProps) {
  const submission = useSubmit();

  async function confirm() {
    if (await submission.run(onConfirm)) onClose();
  }

  function close() {
    submission.reset();
    onClose();
  }

  return (
    <Dialog title={title} isOpen={isOpen} onClose={close}>
      <div className="dialog-body">{children}</div>
      <FormStatus submission={submission} />
      <div className="dialog-actions">
        <button type="button" className="button button-secondary" onClick={close}>
          Cancel
        </button>
        <button
          type="button"
          className={`button ${isDanger ? 'button-danger' : 'button-primary'}`}
          disabled={submission.isPending}
          onClick={() => void confirm()}
        >
          {confirmLabel}
        </button>
      </div>
    </Dialog>
  );
}
