import { useCallback, useState } from 'react';
import type { Submission } from './use-submit';

/** The keys of a form whose values are free text (a select's typed value is set with setValue). */
type TextKeys<V> = { [K in keyof V]: string extends V[K] ? K : never }[keyof V] & string;

/** What binds an input to one value of a form: spread it into a Field. */
export interface BoundField<K extends string = string> {
  name: K;
  value: string;
  onChange(event: { target: { value: string } }): void;
  error: string | undefined;
}

export interface Form<V> {
  values: V;
  /** Binds a text input to one value: its name, value, change handler and the server's problem. */
  field<K extends TextKeys<V>>(name: K): BoundField<K>;
  /** Binds a SelectField to one value, typed as its options' values. */
  choice<K extends keyof V & string>(name: K): { name: K; value: V[K]; onValueChange(value: V[K]): void };
  setValue<K extends keyof V>(name: K, value: V[K]): void;
  /** Back to the initial values, or to these. */
  reset(values?: Partial<V>): void;
}

/** The values of a form's inputs, kept as the text typed; the submission names the fields it refused. */
export function useForm<V extends Record<string, string>>(initial: V, submission?: Submission): Form<V> {
  const [values, setValues] = useState(initial);
  const setValue = useCallback(
    <K extends keyof V>(name: K, value: V[K]) => setValues((previous) => ({ ...previous, [name]: value })),
    [],
  );
  const reset = useCallback(
    (next?: Partial<V>) => setValues((previous) => (next ? { ...previous, ...next } : initial)),
    [initial],
  );
  return {
    values,
    field: (name) => ({
      name,
      value: values[name] ?? '',
      onChange: (event) => setValues((previous) => ({ ...previous, [name]: event.target.value })),
      error: submission?.fieldError(name),
    }),
    choice: (name) => ({ name, value: values[name], onValueChange: (value) => setValue(name, value) }),
    setValue,
    reset,
  };
}
