import { Type } from 'typebox';
import { billingViews } from '../../../billing/index.js';

/** Staff reports: revenue, and what the billing sweep did. */

export const Revenue = billingViews.RevenueReport;

export const TickSummary = Type.Object({
  reconciled: Type.Integer(),
  renewals: Type.Object({
    checked: Type.Integer(),
    issued: Type.Integer(),
    failed: Type.Integer(),
  }),
  dunning: Type.Object({ refreshed: Type.Integer(), warned: Type.Integer() }),
  cardsWarned: Type.Integer(),
});
