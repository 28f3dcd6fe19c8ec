import type { InputHTMLAttributes, ReactNode } from 'react';
import { FormControl } from './form-control';

interface FieldProps extends Omit<InputHTMLAttributes<HTMLInputElement>, 'id'> {
  label: string;
  name: string;
  hint?: ReactNode;
  error?: string | undefined;
}

/** A labelled input with its hint and the server's problem for it. */
export function Field({ label, name, hint, error, ...input }: FieldProps) {
  return (
    <FormControl label={label} name={name} hint={hint} error={error}>
      {(control) => <input {...control} {...input} />}
    </FormControl>
  );
}
