import { Type } from 'typebox';
import { errorCodes, errorRegistry } from '../lib/errors.js';
import { auditActions } from './audit-actions.js';

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

/** Ids and cursors are our own ASCII tokens; refusing controls keeps NUL away from PostgreSQL. */
export const Id = Type.String({ minLength: 1, maxLength: 100, pattern: '^[\\x21-\\x7e]+$' });

export const IdParams = Type.Object({ id: Id }, { additionalProperties: false });

export const pageQueryProperties = {
  limit: Type.Integer({ minimum: 1, maximum: 200, default: 50 }),
  before: Type.Optional(Text({ maxLength: 100, description: 'The nextCursor of the previous page.' })),
};

export const PageQuery = Type.Object(pageQueryProperties, { additionalProperties: false });

/** A page of a keyset-paginated list: pass nextCursor as `before` for the next page; null on the last. */
export function pageOf<T extends Parameters<typeof Type.Array>[0]>(item: T) {
  return Type.Object({
    items: Type.Array(item),
    nextCursor: Type.Union([Type.String(), Type.Null()], {
      description: 'Pass as `before` to get the next page; null on the last.',
    }),
  });
}

/**
 * The error registry (src/lib/errors.ts) as the API document names it: every code, its message, and
 * the request fields a code is about. Clients match on the codes; the dashboard's generated types
 * are built from this enum, so it cannot name a code the server does not have.
 */
export const ErrorCode = Type.Unsafe<string>({
  $id: 'ErrorCode',
  type: 'string',
  enum: errorCodes,
  description: 'A stable error code from the error registry.',
  'x-enum-descriptions': errorCodes.map((code) => errorRegistry[code].message),
  'x-error-fields': Object.fromEntries(
    errorCodes.flatMap((code) => {
      const fields = errorRegistry[code].fields;
      return fields ? [[code, fields]] : [];
    }),
  ),
});

/** Every action the audit log records (./audit-actions.ts). */
export const AuditAction = Type.Unsafe<string>({
  $id: 'AuditAction',
  type: 'string',
  enum: [...auditActions],
  description: 'What was done, as recorded in the audit log.',
});

export const ErrorResponse = Type.Object(
  {
    error: Type.Object({
      code: Type.Ref('ErrorCode'),
      message: Type.String(),
      details: Type.Optional(Type.Unknown()),
    }),
  },
  { $id: 'ErrorResponse' },
);

/** Schemas that routes reach by `$ref`: registered once on the app, listed once in the document. */
export const sharedSchemas = [ErrorCode, AuditAction, ErrorResponse];

export const NoContent = Type.Null({ description: 'No content.' });

/**
 * Every route documents the error body for every error status: client errors (the codes and their
 * statuses are in the error registry, mapped in plugins/error-mapping.ts) and server errors
 * (internal_error, or service_unavailable while shutting down).
 */
export const errors = { '4xx': Type.Ref('ErrorResponse'), '5xx': Type.Ref('ErrorResponse') };
