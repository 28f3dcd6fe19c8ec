import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyPluginAsync } from 'fastify';
import { Type } from 'typebox';
import type { ApiContext } from '../../context.js';
import { errors } from '../../schemas.js';
import { CustomerParams } from './billing.schemas.js';
import { LedgerEntry, Profile } from './customers.schemas.js';
import { CreditNote } from './invoices.schemas.js';
import { PaymentMethod } from './payments.schemas.js';
import { Subscription } from './subscriptions.schemas.js';
import { billingStaff } from './staff-access.js';
import { tags } from './billing.schemas.js';

/** Staff read one customer's whole billing. */
export function staffCustomerRoutes(ctx: ApiContext): FastifyPluginAsync {
  const { billing } = ctx;
  return async (instance) => {
    const app = instance.withTypeProvider<TypeBoxTypeProvider>();

    app.get(
      '/admin/billing/customers/:customerId',
      {
        schema: {
          tags,
          summary: "One customer's billing: profile, subscriptions, cards, credit notes and ledger",
          params: CustomerParams,
          response: {
            200: Type.Object({
              profile: Profile,
              subscriptions: Type.Array(Subscription),
              paymentMethods: Type.Array(PaymentMethod),
              creditNotes: Type.Array(CreditNote),
              ledger: Type.Array(LedgerEntry),
            }),
            ...errors,
          },
        },
        preHandler: billingStaff,
      },
      async (request) => {
        const id = request.params.customerId;
        return {
          profile: await billing.profile.get(id),
          subscriptions: await billing.subscriptions.list(id),
          paymentMethods: await billing.paymentMethods.list(id),
          creditNotes: await billing.invoices.creditNotes(id),
          ledger: await billing.ledger.entries(id),
        };
      },
    );
  };
}
