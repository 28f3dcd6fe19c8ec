import { Type } from 'typebox';
import { billingViews } from '../../../billing/index.js';
import { body, Text } from '../../schemas.js';
import { Currency, Id } from './billing.schemas.js';

/** Invoices: lists, drafts, corrections (void, credit notes) and offline payments. */

export const InvoiceSummary = billingViews.InvoiceView;
export const Invoice = billingViews.InvoiceWithLinesView;
export const CreditNote = billingViews.CreditNoteView;
const InvoiceStatus = billingViews.InvoiceView.properties.status;

export const AmountWithReason = body({
  amount: Type.Integer({ minimum: 1, maximum: 1_000_000_000_000 }),
  reason: Type.String({ minLength: 1, maxLength: 500 }),
});
export const OfflinePayment = body({ reference: Type.String({ minLength: 1, maxLength: 200 }) });

export const InvoiceListQuery = Type.Object(
  {
    limit: Type.Integer({ minimum: 1, maximum: 200, default: 50 }),
    before: Type.Optional(Type.String({ maxLength: 100 })),
    subscriptionId: Type.Optional(Id),
  },
  { additionalProperties: false },
);
export const AdminInvoiceQuery = Type.Object(
  {
    limit: Type.Integer({ minimum: 1, maximum: 200, default: 50 }),
    before: Type.Optional(Type.String({ maxLength: 100 })),
    status: Type.Optional(InvoiceStatus),
    overdue: Type.Optional(Type.Boolean({ description: 'Only open invoices past due: the dunning queue.' })),
    customerId: Type.Optional(Text({ maxLength: 100, description: "Only this customer's invoices." })),
  },
  { additionalProperties: false },
);

export const NewManualInvoice = body({
  currency: Currency,
  dueInDays: Type.Integer({ minimum: 0, maximum: 365 }),
  hostId: Type.Optional(Id),
  lines: Type.Array(
    Type.Object(
      {
        description: Type.String({ minLength: 1, maxLength: 500 }),
        quantity: Type.Integer({ minimum: 1, maximum: 1_000_000 }),
        unitAmount: Type.Integer({
          minimum: -1_000_000_000,
          maximum: 1_000_000_000,
          description: 'Minor units per unit.',
        }),
      },
      { additionalProperties: false },
    ),
    { minItems: 1, maxItems: 100 },
  ),
});
