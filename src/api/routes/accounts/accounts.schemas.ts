import { Type } from 'typebox';
import { accountsViews } from '../../../accounts/index.js';
import { Text } from '../../schemas.js';

// The shared pieces, re-exported so the accounts routes read from one place.
export { body, errors, ErrorResponse, NoContent, PageQuery, pageOf, Password, Text } from '../../schemas.js';

export const Email = Text({ minLength: 1, maxLength: 320, description: 'Compared in lower case.' });
export const DisplayName = Text({ minLength: 1, maxLength: 200, pattern: '\\S' });
export const OneTimeToken = Text({ minLength: 1, maxLength: 200 });
export const TotpCode = Text({
  minLength: 1,
  maxLength: 10,
  description: 'The 6-digit code from the authenticator app.',
});

export const User = accountsViews.UserView;
export const CustomerRole = accountsViews.CustomerRole;
export const Customer = accountsViews.CustomerView;

export const Me = Type.Object({
  user: User,
  customer: Type.Union([Customer, Type.Null()]),
  csrfToken: Type.Union([Type.String(), Type.Null()], {
    description: 'Send it as X-CSRF-Token on cookie-authenticated writes.',
  }),
});

export const ApiToken = Type.Object({
  id: Type.String(),
  name: Type.String(),
  prefix: Type.String({ description: 'The first characters of the token, to tell tokens apart.' }),
  createdAt: Type.String({ format: 'date-time' }),
  lastUsedAt: Type.Union([Type.String({ format: 'date-time' }), Type.Null()]),
});
