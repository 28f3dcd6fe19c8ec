import type { ReactNode, SelectHTMLAttributes } from 'react';
import { FormControl } from './form-control';

interface SelectFieldProps<V extends string> extends Omit<SelectHTMLAttributes<HTMLSelectElement>, 'id'> {
  label: string;
  name: string;
  options: readonly { value: V; label: string }[];
  hint?: ReactNode;
  error?: string | undefined;
  /** The chosen option's value, typed as the options' values (a status, a cycle …). */
  onValueChange?(value: V): void;
}

/** A labelled drop-down, styled and wired like Field. */
export function SelectField<V extends string>({
  label,
  name,
  options,
  hint,
  error,
  onValueChange,
  ...select
}: SelectFieldProps<V>) {
  return (
    <FormControl label={label} name={name} hint={hint} error={error}>
      {(control) => (
        <select
          {...control}
          {...select}
          onChange={(event) => {
            select.onChange?.(event);
            const chosen = options.find((option) => option.value === event.target.value);
            if (chosen) onValueChange?.(chosen.value);
          }}
        >
          {options.map((option) => (
            <option key={option.value} value={option.value}>
              {option.label}
            </option>
          ))}
        </select>
      )}
    </FormControl>
  );
}
