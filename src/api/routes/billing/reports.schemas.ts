import { billingViews } from '../../../billing/index.js';

/** Staff reports: revenue, and what the billing sweep did. */

export const Revenue = billingViews.RevenueReport;

export const TickSummary = billingViews.TickSummary;
