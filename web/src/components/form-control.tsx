import { useId, type ReactNode } from 'react';

/** The attributes that tie an input to its label, hint and error. */
export interface ControlProps {
  id: string;
  name: string;
  'aria-invalid': true | undefined;
  'aria-describedby': string | undefined;
}

interface FormControlProps {
  label: string;
  name: string;
  hint?: ReactNode;
  error?: string | undefined;
  /** Renders the input itself, given the attributes that wire it up. */
  children(control: ControlProps): ReactNode;
}

/**
 * A labelled form control with its hint and the server's problem for it, wired up for screen
 * readers: every input, drop-down and text area of the dashboard is one of these.
 */
export function FormControl({ label, name, hint, error, children }: FormControlProps) {
  const id = useId();
  const hintId = `${id}-hint`;
  const errorId = `${id}-error`;
  const describedBy = [hint ? hintId : null, error ? errorId : null].filter(Boolean).join(' ') || undefined;
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      {children({ id, name, 'aria-invalid': error ? true : undefined, 'aria-describedby': describedBy })}
      {hint && (
        <p className="field-hint" id={hintId}>
          {hint}
        </p>
      )}
      {error && (
        <p className="field-error" id={errorId}>
          {error}
        </p>
      )}
    </div>
  );
}
