import { Ajv, type Options } from 'ajv';
import * as addFormatsModule from 'ajv-formats';
import type { FastifySchemaCompiler } from 'fastify';

// ajv-formats is CommonJS; under NodeNext its default import is the module object.
type AddFormats = (ajv: Ajv) => Ajv;
const addFormats: AddFormats =
  (addFormatsModule as unknown as { default: AddFormats & { default?: AddFormats } }).default.default ??
  (addFormatsModule as unknown as { default: AddFormats }).default;

const shared: Options = { allErrors: true, strict: false, useDefaults: true, removeAdditional: false };

/**
 * Bodies are validated strictly: a wrong type is an error, never coerced ("8" is not 8), and unknown
 * fields are refused (schemas set additionalProperties: false). Query strings and path parameters
 * are always text, so those are coerced.
 */
const strictAjv = addFormats(new Ajv({ ...shared, coerceTypes: false }));
const coercingAjv = addFormats(new Ajv({ ...shared, coerceTypes: 'array' }));

export const validatorCompiler: FastifySchemaCompiler<unknown> = ({ schema, httpPart }) => {
  const ajv = httpPart === 'body' ? strictAjv : coercingAjv;
  return ajv.compile(schema as object) as ReturnType<FastifySchemaCompiler<unknown>>;
};
