import type { InputHTMLAttributes, ReactNode } from 'react';
import type { BoundField } from '../hooks/use-form';
import { Field } from './field';

type AccountFieldProps = BoundField &
  Omit<InputHTMLAttributes<HTMLInputElement>, 'id' | 'name' | 'value' | 'onChange'> & {
    label?: string;
    hint?: ReactNode;
  };

/** A person's name, as sign-up, first-run setup and invitations ask for it. */
export function NameField({ label = 'Your name', ...props }: AccountFieldProps) {
  return <Field label={label} autoComplete="name" required {...props} />;
}

/** An email address to sign in with. */
export function EmailField({ label = 'Email', ...props }: AccountFieldProps) {
  return <Field label={label} type="email" autoComplete="email" required {...props} />;
}

/** A new password; the server's policy decides, the hint only says what it asks. */
export function NewPasswordField({
  label = 'Password',
  hint = 'At least 8 characters. Avoid common passwords.',
  ...props
}: AccountFieldProps) {
  return (
    <Field
      label={label}
      type="password"
      autoComplete="new-password"
      required
      minLength={8}
      hint={hint}
      {...props}
    />
  );
}
