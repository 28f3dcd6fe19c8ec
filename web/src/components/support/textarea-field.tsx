import type { ReactNode, TextareaHTMLAttributes } from 'react';
import { FormControl } from '../form-control';

interface TextareaFieldProps extends Omit<TextareaHTMLAttributes<HTMLTextAreaElement>, 'id'> {
  label: string;
  name: string;
  hint?: ReactNode;
  error?: string | undefined;
  isMonospace?: boolean;
}

/** A labelled multi-line input, wired like Field. */
export function TextareaField({
  label,
  name,
  hint,
  error,
  isMonospace,
  className,
  ...textarea
}: TextareaFieldProps) {
  const classes = [isMonospace ? 'textarea-mono' : null, className].filter(Boolean).join(' ') || undefined;
  return (
    <FormControl label={label} name={name} hint={hint} error={error}>
      {(control) => <textarea {...control} className={classes} {...textarea} />}
    </FormControl>
  );
}
