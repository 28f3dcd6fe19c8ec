import { Field } from './field';

/** The one "New password" field of the pages reached from a password link (the dashboard's and a member's). */
export function NewPasswordField({
  value,
  onChange,
  hint,
  error,
  disabled,
}: {
  value: string;
  onChange(value: string): void;
  hint: string;
  error: string | undefined;
  disabled: boolean;
}) {
  return (
    <Field
      label="New password"
      name="password"
      type="password"
      autoComplete="new-password"
      required
      minLength={8}
      value={value}
      onChange={(event) => onChange(event.target.value)}
      hint={hint}
      error={error}
      disabled={disabled}
    />
  );
}
