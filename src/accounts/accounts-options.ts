import { configParsers as parse, type ConfigArea } from '../platform/index.js';

/** How staff and customers sign in and how long they stay signed in. */
export interface AccountsConfig {
  staff2fa: 'required' | 'optional';
  sessionTtlHours: number;
}

export const accountsConfig: ConfigArea<AccountsConfig> = {
  options: [
    {
      key: 'staff2fa',
      env: 'IMHOST_STAFF_2FA',
      description: '`required`: staff must use TOTP; `optional` for development.',
      defaultValue: 'required',
      parse: parse.oneOf('required', 'optional'),
    },
    {
      key: 'sessionTtlHours',
      env: 'IMHOST_SESSION_TTL_HOURS',
      description: 'How long a dashboard session lasts.',
      defaultValue: 24 * 14,
      parse: parse.positiveInt,
    },
  ],
};
