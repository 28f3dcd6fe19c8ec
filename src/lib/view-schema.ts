import { Type, type TSchema, type TSchemaOptions } from 'typebox';

/**
 * The pieces every area's view schemas are made of. Each area declares its views as TypeBox schemas
 * (the API reuses them for its responses) and derives their TypeScript types from them, so a view
 * has one definition: the same one the API document and the dashboard's generated types come from.
 */

export const Nullable = <T extends TSchema>(schema: T, options?: TSchemaOptions) =>
  Type.Union([schema, Type.Null()], options);

export const Timestamp = Type.String({ format: 'date-time' });

/** Integer minor units of the currency next to it (cents for EUR, yen for JPY). */
export const Minor = Type.Integer({ description: 'Amount in minor units of the currency (e.g. cents).' });
