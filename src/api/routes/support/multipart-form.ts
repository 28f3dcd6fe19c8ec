/**
 * Reads a multipart form (text fields plus files) into memory within the configured limits, and
 * validates the text fields against the route's TypeBox schema with the same strict rules as JSON
 * bodies. Files are buffered: each is at most IMHOST_SUPPORT_MAX_FILE_BYTES, and the content checks
 * (sharp, file-type) need the whole file anyway.
 */
import type {} from '@fastify/multipart';
import type { FastifyRequest, FastifySchemaCompiler } from 'fastify';
import type { TSchema } from 'typebox';
import { AppError } from '../../../lib/errors.js';
import type { Upload } from '../../../support/index.js';
import { validatorCompiler } from '../../validation.js';

export const MAX_FILES_PER_MESSAGE = 10;

/** Multipart routes document their form as the body, but the body is a stream: validation happens in readForm. */
export const multipartValidatorCompiler: FastifySchemaCompiler<unknown> = (route) =>
  route.httpPart === 'body' ? () => true : validatorCompiler(route);

type Validator = ((value: unknown) => boolean) & { errors?: unknown };

const compiled = new WeakMap<TSchema, Validator>();

function validatorFor(schema: TSchema): Validator {
  let validate = compiled.get(schema);
  if (!validate) {
    validate = validatorCompiler({ schema, httpPart: 'body', method: 'POST', url: '' }) as Validator;
    compiled.set(schema, validate);
  }
  return validate;
}

export async function readForm<T>(
  request: FastifyRequest,
  fieldsSchema: TSchema,
  maxFileBytes: number,
): Promise<{ fields: T; files: Upload[] }> {
  if (!request.isMultipart())
    throw new AppError('unsupported_media_type', { message: 'Send the form as multipart/form-data.' });
  const fields: Record<string, string> = {};
  const files: Upload[] = [];
  try {
    for await (const part of request.parts({
      limits: { fileSize: maxFileBytes, files: MAX_FILES_PER_MESSAGE, fields: 20, fieldSize: 300_000 },
    })) {
      if (part.type === 'file') {
        const data = await part.toBuffer();
        // Browsers send an empty part for a file input left empty.
        if (data.length > 0 || part.filename) files.push({ fileName: part.filename || 'attachment', data });
      } else {
        fields[part.fieldname] = String(part.value);
      }
    }
  } catch (error) {
    if ((error as { code?: string }).code === 'FST_REQ_FILE_TOO_LARGE') {
      throw new AppError('attachment_too_large', { details: { maxBytes: maxFileBytes }, cause: error });
    }
    throw error;
  }
  const validate = validatorFor(fieldsSchema);
  if (!validate(fields)) throw new AppError('validation_failed', { details: validate.errors });
  return { fields: fields as T, files };
}
