import { Type } from 'typebox';
import { billingViews } from '../../../billing/index.js';
import { body } from '../../schemas.js';

/** A customer's billing profile (who is invoiced, where), and their ledger as staff see it. */

export const Profile = billingViews.BillingProfile;
export const LedgerEntry = billingViews.LedgerEntryView;
const nullable = <T extends Parameters<typeof Type.Union>[0][number]>(schema: T) =>
  Type.Union([schema, Type.Null()]);

export const ProfileChanges = body({
  email: Type.Optional(
    nullable(Type.String({ minLength: 3, maxLength: 320, pattern: '^[^@\\s]+@[^@\\s]+$' })),
  ),
  timeZone: Type.Optional(Type.String({ minLength: 1, maxLength: 64 })),
  country: Type.Optional(nullable(Type.String({ pattern: '^[A-Za-z]{2}$' }))),
  vatId: Type.Optional(nullable(Type.String({ minLength: 4, maxLength: 20, pattern: '^[A-Za-z0-9]+$' }))),
  legalName: Type.Optional(nullable(Type.String({ minLength: 1, maxLength: 200 }))),
  address: Type.Optional(nullable(Type.String({ maxLength: 1000 }))),
});
