import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyPluginAsync } from 'fastify';
import { Type } from 'typebox';
import type { ApiContext } from '../../context.js';
import { errors, NoContent } from '../../schemas.js';
import { billingViews } from '../../../billing/index.js';
import { Currency, IdParams } from './billing.schemas.js';
import { Coupon, NewCoupon, NewPlan, NewPrice, Plan, PlanChanges, Price } from './catalog.schemas.js';
import { audit, billingStaff } from './staff-access.js';
import { tags } from './billing.schemas.js';

/** Staff edit the catalog: plans, their price versions, and coupons. */
export function staffCatalogRoutes(ctx: ApiContext): FastifyPluginAsync {
  const { billing } = ctx;
  return async (instance) => {
    const app = instance.withTypeProvider<TypeBoxTypeProvider>();

    app.get(
      '/admin/billing/plans',
      {
        schema: {
          tags,
          summary: 'Every plan with every price version',
          response: { 200: Type.Array(Plan), ...errors },
        },
        preHandler: billingStaff,
      },
      async () => billing.catalog.listAll(),
    );

    app.post(
      '/admin/billing/plans',
      {
        schema: { tags, summary: 'Create a plan', body: NewPlan, response: { 201: Plan, ...errors } },
        preHandler: billingStaff,
        config: audit('billing.plan.create', 'plan'),
      },
      async (request, reply) => {
        const plan = await billing.catalog.create(request.body);
        request.auditTarget = { type: 'plan', id: plan.id };
        return reply.code(201).send(plan);
      },
    );

    app.patch(
      '/admin/billing/plans/:id',
      {
        schema: {
          tags,
          summary: 'Change or retire a plan',
          params: IdParams,
          body: PlanChanges,
          response: { 200: Plan, ...errors },
        },
        preHandler: billingStaff,
        config: audit('billing.plan.update', 'plan', 'id'),
      },
      async (request) => billing.catalog.update(request.params.id, request.body),
    );

    app.post(
      '/admin/billing/plans/:id/prices',
      {
        schema: {
          tags,
          summary: 'Add a price version for a cycle and currency',
          description: 'New subscriptions get the new version; existing ones keep theirs until migrated.',
          params: IdParams,
          body: NewPrice,
          response: { 201: Price, ...errors },
        },
        preHandler: billingStaff,
        config: audit('billing.price.create', 'plan', 'id'),
      },
      async (request, reply) => {
        const body = request.body;
        const price = await billing.catalog.addPrice(request.params.id, {
          cycle: body.cycle,
          currency: body.currency,
          amount: body.amount,
          seatAmount: body.seatAmount ?? 0,
          includedSeats: body.includedSeats ?? 0,
          setupFee: body.setupFee ?? 0,
          metered: body.metered ?? [],
        });
        return reply.code(201).send(price);
      },
    );

    app.post(
      '/admin/billing/prices/:id/migrate',
      {
        schema: {
          tags,
          summary: 'Move subscriptions on this old price version to the current one from their next period',
          params: IdParams,
          response: { 200: Type.Object({ migrated: Type.Integer() }), ...errors },
        },
        preHandler: billingStaff,
        config: audit('billing.price.migrate', 'price', 'id'),
      },
      async (request) => ({ migrated: await billing.catalog.migratePrice(request.params.id) }),
    );

    app.get(
      '/admin/billing/coupons',
      {
        schema: { tags, summary: 'Every coupon', response: { 200: Type.Array(Coupon), ...errors } },
        preHandler: billingStaff,
      },
      async () => billing.catalog.listCoupons(),
    );

    app.post(
      '/admin/billing/coupons',
      {
        schema: {
          tags,
          summary: 'Create a coupon (percent or amount, for N cycles)',
          body: NewCoupon,
          response: { 201: Coupon, ...errors },
        },
        preHandler: billingStaff,
        config: audit('billing.coupon.create', 'coupon'),
      },
      async (request, reply) => reply.code(201).send(await billing.catalog.createCoupon(request.body)),
    );

    app.patch(
      '/admin/billing/coupons/:id',
      {
        schema: {
          tags,
          summary: 'Activate or retire a coupon',
          params: IdParams,
          body: Type.Object({ isActive: Type.Boolean() }, { additionalProperties: false }),
          response: { 204: NoContent, ...errors },
        },
        preHandler: billingStaff,
        config: audit('billing.coupon.update', 'coupon', 'id'),
      },
      async (request, reply) => {
        await billing.catalog.setCouponActive(request.params.id, request.body.isActive);
        return reply.code(204).send(null);
      },
    );

    app.get(
      '/admin/billing/tld-prices',
      {
        schema: {
          tags,
          summary: 'Renewal prices of domains, per TLD and currency, for a year',
          response: { 200: Type.Array(billingViews.TldPriceView), ...errors },
        },
        preHandler: billingStaff,
      },
      async () => billing.catalog.listTldPrices(),
    );

    app.put(
      '/admin/billing/tld-prices/:tld/:currency',
      {
        schema: {
          tags,
          summary: "Set a TLD's renewal price for a year in a currency (net of tax)",
          params: TldPriceParams,
          body: Type.Object({ amount: Type.Integer({ minimum: 1 }) }, { additionalProperties: false }),
          response: { 200: billingViews.TldPriceView, ...errors },
        },
        preHandler: billingStaff,
        config: audit('billing.tld_price.set', 'tld', 'tld'),
      },
      async (request) =>
        billing.catalog.setTldPrice({
          tld: request.params.tld,
          currency: request.params.currency,
          amount: request.body.amount,
        }),
    );

    app.delete(
      '/admin/billing/tld-prices/:tld/:currency',
      {
        schema: {
          tags,
          summary: "Remove a TLD's renewal price in a currency",
          params: TldPriceParams,
          response: { 204: NoContent, ...errors },
        },
        preHandler: billingStaff,
        config: audit('billing.tld_price.remove', 'tld', 'tld'),
      },
      async (request, reply) => {
        await billing.catalog.removeTldPrice(request.params.tld, request.params.currency);
        return reply.code(204).send(null);
      },
    );
  };
}

const TldPriceParams = Type.Object(
  {
    tld: Type.String({ minLength: 1, maxLength: 63, pattern: '^\\.?[A-Za-z0-9.-]+$' }),
    currency: Currency,
  },
  { additionalProperties: false },
);
