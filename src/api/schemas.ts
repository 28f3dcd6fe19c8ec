import { Type } from 'typebox';

/** Schema pieces every route module shares: strict bodies, safe text, pagination, the error body. */

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

/** Length and commonness are checked by the password policy, which answers with specific codes. */
export const Password = Type.String({ minLength: 1, maxLength: 4096 });

export const PageQuery = Type.Object(
  {
    limit: Type.Integer({ minimum: 1, maximum: 200, default: 50 }),
    before: Type.Optional(Text({ maxLength: 100, description: 'The nextCursor of the previous page.' })),
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
