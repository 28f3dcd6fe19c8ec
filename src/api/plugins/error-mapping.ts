import type { FastifyError, FastifyInstance } from 'fastify';
import { AppError, errorRegistry, type ErrorCode, type ErrorKind } from '../../lib/errors.js';

/** The one place where error kinds become HTTP status codes. */
const statusByKind: Record<ErrorKind, number> = {
  invalid: 400,
  unauthenticated: 401,
  forbidden: 403,
  not_found: 404,
  conflict: 409,
  gone: 410,
  too_large: 413,
  unsupported_media: 415,
  rate_limited: 429,
  unavailable: 503,
  internal: 500,
};

export interface ErrorBody {
  error: { code: ErrorCode; message: string; details?: unknown };
}

export function errorBody(code: ErrorCode, message?: string, details?: unknown): ErrorBody {
  return {
    error: {
      code,
      message: message ?? errorRegistry[code].message,
      ...(details === undefined ? {} : { details }),
    },
  };
}

type SchemaErrors = NonNullable<FastifyError['validation']>;

/** Schema errors as clients read them: where (`body/subject`), what, and the unknown field if one is. */
export function validationDetails(errors: SchemaErrors, context = 'body') {
  return errors.map((v) => ({
    path: `${context}${v.instancePath ?? ''}`,
    message: v.message ?? 'invalid',
    ...(v.params && 'additionalProperty' in v.params ? { field: v.params.additionalProperty } : {}),
  }));
}

/** Fastify's own errors (parsing, validation, limits) translated to our stable codes. */
function fromFastifyError(error: FastifyError): AppError {
  if (error.validation) {
    return new AppError('validation_failed', {
      details: validationDetails(error.validation, error.validationContext),
    });
  }
  switch (error.code) {
    case 'FST_ERR_CTP_INVALID_JSON_BODY':
    case 'FST_ERR_CTP_EMPTY_JSON_BODY':
      return new AppError('malformed_json', { message: error.message });
    case 'FST_ERR_CTP_BODY_TOO_LARGE':
    case 'FST_REQ_FILE_TOO_LARGE':
    case 'FST_PARTS_LIMIT':
    case 'FST_FILES_LIMIT':
    case 'FST_FIELDS_LIMIT':
      return new AppError('payload_too_large');
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
    case 'FST_ERR_CTP_INVALID_CONTENT_LENGTH':
      return new AppError('unsupported_media_type');
    default:
      break;
  }
  if (error.statusCode === 429) return new AppError('rate_limited');
  if (error.statusCode === 413) return new AppError('payload_too_large');
  if (error.statusCode === 415) return new AppError('unsupported_media_type');
  if (error.statusCode && error.statusCode >= 400 && error.statusCode < 500)
    return new AppError('bad_request', { message: error.message });
  return new AppError('internal_error', { cause: error });
}

/** Rate-limited errors may say when to come back; HTTP clients read that from Retry-After (RFC 9110). */
function retryAfterSeconds(error: AppError): number | null {
  const details = error.details as { retryAfterSeconds?: unknown } | null | undefined;
  const value = details?.retryAfterSeconds;
  return typeof value === 'number' && Number.isFinite(value) && value >= 0 ? Math.ceil(value) : null;
}

export function registerErrorMapping(app: FastifyInstance): void {
  app.setErrorHandler((raw, request, reply) => {
    const error = raw instanceof AppError ? raw : fromFastifyError(raw as FastifyError);
    const status = statusByKind[error.kind];
    if (status >= 500) request.log.error({ err: raw }, 'request failed');
    const message = status >= 500 ? errorRegistry[error.code].message : error.message;
    const retryAfter = retryAfterSeconds(error);
    if (status === 429 && retryAfter !== null) void reply.header('retry-after', String(retryAfter));
    return reply.status(status).send(errorBody(error.code, message, error.details));
  });
  app.setNotFoundHandler((request, reply) => {
    return reply
      .status(404)
      .send(errorBody('route_not_found', `No endpoint ${request.method} ${request.url.split('?')[0]}.`));
  });
}

export function statusForCode(code: ErrorCode): number {
  return statusByKind[errorRegistry[code].kind];
}
