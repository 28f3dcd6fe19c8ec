import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyPluginAsync } from 'fastify';
import type { ApiContext } from '../../context.js';
import { requireStaff } from '../../plugins/auth.js';
import { errors } from '../../schemas.js';
import { Revenue, TickSummary } from './reports.schemas.js';
import { audit, billingStaff } from './staff-access.js';
import { tags } from './billing.schemas.js';

/** Staff read revenue and run the billing sweep. */
export function staffReportRoutes(ctx: ApiContext): FastifyPluginAsync {
  const { billing } = ctx;
  return async (instance) => {
    const app = instance.withTypeProvider<TypeBoxTypeProvider>();

    app.get(
      '/admin/billing/revenue',
      {
        schema: { tags, summary: 'MRR, churn and revenue by month', response: { 200: Revenue, ...errors } },
        preHandler: billingStaff,
      },
      async () => billing.revenue(),
    );

    app.post(
      '/admin/billing/run',
      {
        schema: {
          tags,
          summary: 'Run the billing sweep now (renewals, dunning, reconciliation)',
          response: {
            200: TickSummary,
            ...errors,
          },
        },
        preHandler: requireStaff('admin'),
        config: audit('billing.run', 'billing'),
      },
      async () => billing.runTick(),
    );
  };
}
