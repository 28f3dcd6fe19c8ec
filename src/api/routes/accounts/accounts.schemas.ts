import { Type } from 'typebox';

/** Body objects refuse unknown fields, so a typo in a field name is a 400, not silently ignored. */
export function body<P extends Parameters<typeof Type.Object>[0]>(properties: P) {
  return Type.Object(properties, { additionalProperties: false });
}

/**
 * Text that is stored or looked up must hold no control characters: PostgreSQL refuses NUL in text
 * outright (which would surface as a 500), and nothing legitimate in a name, an address or a token
 * needs the others.
 */
const noControlCharacters = { not: { type: 'string', pattern: '\\p{Cc}' } } as const;

export function Text(options: {
  minLength?: number;
  maxLength: number;
  pattern?: string;
  description?: string;
}) {
  return Type.String({ ...options, ...noControlCharacters });
}

export const Email = Text({ minLength: 1, maxLength: 320, description: 'Compared in lower case.' });
/** Length and commonness are checked by the password policy, which answers with specific codes. */
export const Password = Type.String({ minLength: 1, maxLength: 4096 });
export const DisplayName = Text({ minLength: 1, maxLength: 200, pattern: '\\S' });
export const OneTimeToken = Text({ minLength: 1, maxLength: 200 });
export const TotpCode = Text({
  minLength: 1,
  maxLength: 10,
  description: 'The 6-digit code from the authenticator app.',
});

export const User = Type.Object({
  id: Type.String(),
  email: Type.String(),
  name: Type.String(),
  kind: Type.Union([Type.Literal('staff'), Type.Literal('customer')]),
  staffRole: Type.Union([
    Type.Literal('admin'),
    Type.Literal('support'),
    Type.Literal('billing'),
    Type.Null(),
  ]),
  emailVerified: Type.Boolean(),
  twoFactorEnabled: Type.Boolean(),
});

export const CustomerRole = Type.Union([
  Type.Literal('owner'),
  Type.Literal('admin'),
  Type.Literal('billing'),
]);

export const Customer = Type.Object({ id: Type.String(), name: Type.String(), role: CustomerRole });

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

export const PageQuery = Type.Object(
  {
    limit: Type.Integer({ minimum: 1, maximum: 200, default: 50 }),
    before: Type.Optional(
      Type.String({ maxLength: 100, description: 'The nextCursor of the previous page.' }),
    ),
  },
  { additionalProperties: false },
);

/** A page of a keyset-paginated list: pass nextCursor as `before` for the next page; null on the last. */
export function pageOf<T extends Parameters<typeof Type.Array>[0]>(item: T) {
  return Type.Object({ items: Type.Array(item), nextCursor: Type.Union([Type.String(), Type.Null()]) });
}

export const ErrorResponse = Type.Object({
  error: Type.Object({ code: Type.String(), message: Type.String(), details: Type.Optional(Type.Unknown()) }),
});

export const NoContent = Type.Null({ description: 'No content.' });

/** Every route documents the error body; the codes are in the error registry (src/lib/errors.ts). */
export const errors = { '4xx': ErrorResponse };
