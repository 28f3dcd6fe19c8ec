import { Type } from 'typebox';
import { billingViews } from '../../../billing/index.js';

/** The pieces every billing resource's schemas share: ids in paths, currencies and cycles. */

export const Id = Type.String({ minLength: 1, maxLength: 100, pattern: '^[\\x21-\\x7e]+$' });
export const MinorNonNegative = billingViews.MinorNonNegative;
export const Currency = Type.String({ pattern: '^[A-Z]{3}$', description: 'ISO 4217 code.' });
export const Cycle = billingViews.Cycle;

export const IdParams = Type.Object({ id: Id }, { additionalProperties: false });
export const CustomerIdParams = Type.Object({ customerId: Id, id: Id }, { additionalProperties: false });
export const CustomerParams = Type.Object({ customerId: Id }, { additionalProperties: false });

export const tags = ['billing'];
