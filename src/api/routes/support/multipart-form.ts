/**
 * Reads a multipart form (text fields plus files) into memory within the configured limits, and
 * validates the text fields against the route's TypeBox schema with the same strict rules as JSON
 * bodies. Files are buffered: each is at most IMHOST_SUPPORT_MAX_FILE_BYTES, and the content checks
 * (sharp, file-type) need the whole file anyway. A form that cannot be read completely is refused
 * whole, before anything is stored.
 */
import type {} from '@fastify/multipart';
import type { FastifyRequest, FastifySchemaCompiler } from 'fastify';
import type { TSchema } from 'typebox';
import { AppError, isAppError } from '../../../lib/errors.js';
import type { Upload } from '../../../support/index.js';
import { validationDetails } from '../../plugins/error-mapping.js';
import { validatorCompiler } from '../../validation.js';
import { countDelimiters, multipartBoundary } from './multipart-delimiters.js';

export const MAX_FILES_PER_MESSAGE = 10;
/** The form field every file is sent under (`files`, repeated), as the OpenAPI document says. */
const FILES_FIELD = 'files';

/** Multipart routes document their form as the body, but the body is a stream: validation happens in readForm. */
export const multipartValidatorCompiler: FastifySchemaCompiler<unknown> = (route) =>
  route.httpPart === 'body' ? () => true : validatorCompiler(route);

type Validator = ((value: unknown) => boolean) & { errors?: Parameters<typeof validationDetails>[0] };

const compiled = new WeakMap<TSchema, Validator>();

function validatorFor(schema: TSchema): Validator {
  let validate = compiled.get(schema);
  if (!validate) {
    validate = validatorCompiler({ schema, httpPart: 'body', method: 'POST', url: '' }) as Validator;
    compiled.set(schema, validate);
  }
  return validate;
}

function malformed(message: string, cause?: unknown): AppError {
  return new AppError('malformed_multipart', { message, cause });
}

function unexpectedField(field: string): AppError {
  return new AppError('validation_failed', {
    details: [{ path: `body/${field}`, field, message: 'must NOT have additional properties' }],
  });
}

/** What went wrong while reading the parts, as one of our codes. */
function readError(error: unknown, maxFileBytes: number): unknown {
  if (isAppError(error)) return error;
  switch ((error as { code?: unknown }).code) {
    case 'FST_REQ_FILE_TOO_LARGE':
      return new AppError('attachment_too_large', { details: { maxBytes: maxFileBytes }, cause: error });
    case 'FST_PROTO_VIOLATION':
      return new AppError('validation_failed', {
        message: 'A field of the form is named like a built-in property, which no form here takes.',
        cause: error,
      });
    case 'FST_PARTS_LIMIT':
    case 'FST_FILES_LIMIT':
    case 'FST_FIELDS_LIMIT':
      return error; // payload_too_large, from the error mapping
    default:
      // busboy reports broken framing (a truncated body, a boundary that never comes) as plain Errors.
      return malformed('The form ends early or its parts cannot be read.', error);
  }
}

export async function readForm<T>(
  request: FastifyRequest,
  fieldsSchema: TSchema,
  maxFileBytes: number,
): Promise<{ fields: T; files: Upload[] }> {
  if (!request.isMultipart())
    throw new AppError('unsupported_media_type', { message: 'Send the form as multipart/form-data.' });
  const boundary = multipartBoundary(request.headers['content-type']);
  if (!boundary) throw malformed('The Content-Type names no valid multipart boundary.');
  const fields: Record<string, string> = {};
  const files: Upload[] = [];
  let partsRead = 0;
  // No await between here and the loop's first step, which pipes the request into busboy.
  const delimiters = countDelimiters(request.raw, boundary);
  try {
    for await (const part of request.parts({
      limits: { fileSize: maxFileBytes, files: MAX_FILES_PER_MESSAGE, fields: 20, fieldSize: 300_000 },
    })) {
      partsRead++;
      if (part.type === 'file') {
        if (part.fieldname !== FILES_FIELD) throw unexpectedField(part.fieldname);
        const data = await part.toBuffer();
        // Browsers send an empty part for a file input left empty.
        if (data.length > 0 || part.filename) files.push({ fileName: part.filename || 'attachment', data });
      } else {
        if (part.fieldname in fields)
          throw new AppError('validation_failed', {
            details: [{ path: `body/${part.fieldname}`, message: 'is sent more than once' }],
          });
        fields[part.fieldname] = String(part.value);
      }
    }
  } catch (error) {
    throw readError(error, maxFileBytes);
  }
  // Every delimiter but the closing one opens a part; a part busboy skipped would be lost.
  if (partsRead !== delimiters() - 1) throw malformed('A part of the form has no readable name.');
  const validate = validatorFor(fieldsSchema);
  if (!validate(fields))
    throw new AppError('validation_failed', { details: validationDetails(validate.errors ?? []) });
  return { fields: fields as T, files };
}
