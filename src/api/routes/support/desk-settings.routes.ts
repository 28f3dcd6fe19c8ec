import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyPluginAsync } from 'fastify';
import { Type } from 'typebox';
import type { ApiContext } from '../../context.js';
import { Text } from '../../schemas.js';
import { requireStaff } from '../../plugins/auth.js';
import { staffActor } from './actors.js';
import {
  body,
  CannedResponse,
  Department,
  errors,
  IdParams,
  RenderedCannedResponse,
  SlaTarget,
  tags,
} from './support.schemas.js';

/** Department names and canned response titles reach email subjects and the dashboard's menus. */
const DepartmentName = Text({ minLength: 1, maxLength: 60, pattern: '\\S' });
const CannedTitle = Text({ minLength: 1, maxLength: 200, pattern: '\\S' });
const Nullable = Type.Union([Type.String({ minLength: 1, maxLength: 100 }), Type.Null()]);

/** Desk settings staff edit: departments, SLA targets and canned responses. */
export function deskSettingsRoutes(ctx: ApiContext): FastifyPluginAsync {
  return async (instance) => {
    const app = instance.withTypeProvider<TypeBoxTypeProvider>();
    const support = ctx.support;
    const staffOnly = requireStaff();
    const managers = requireStaff('support');

    app.get(
      '/admin/support/departments',
      {
        schema: {
          tags,
          summary: 'Every department, inactive ones included',
          response: { 200: Type.Object({ items: Type.Array(Department) }), ...errors },
        },
        preHandler: staffOnly,
      },
      async () => ({ items: await support.departments.list({ activeOnly: false }) }),
    );

    app.post(
      '/admin/support/departments',
      {
        schema: {
          tags,
          summary: 'Add a department',
          body: body({ name: DepartmentName }),
          response: { 201: Department, ...errors },
        },
        preHandler: managers,
        config: { audit: { action: 'support.department.create' } },
      },
      async (request, reply) => {
        const department = await support.departments.create(request.body);
        request.auditTarget = { type: 'support_department', id: department.id };
        return reply.code(201).send(department);
      },
    );

    app.patch(
      '/admin/support/departments/:id',
      {
        schema: {
          tags,
          summary: 'Rename, order, or (de)activate a department; inactive ones are not offered to customers',
          params: IdParams,
          body: body({
            name: Type.Optional(DepartmentName),
            isActive: Type.Optional(Type.Boolean()),
            sortOrder: Type.Optional(Type.Integer({ minimum: 0, maximum: 1000 })),
          }),
          response: { 200: Department, ...errors },
        },
        preHandler: managers,
        config: {
          audit: { action: 'support.department.update', targetType: 'support_department', targetParam: 'id' },
        },
      },
      async (request) => support.departments.update(request.params.id, request.body),
    );

    app.get(
      '/admin/support/sla-targets',
      {
        schema: {
          tags,
          summary: 'First-response and resolution targets per priority',
          response: { 200: Type.Object({ items: Type.Array(SlaTarget) }), ...errors },
        },
        preHandler: staffOnly,
      },
      async () => ({ items: await support.slaTargets.list() }),
    );

    app.put(
      '/admin/support/sla-targets',
      {
        schema: {
          tags,
          summary: 'Set SLA targets (they apply to tickets opened afterwards)',
          body: body({ items: Type.Array(SlaTarget, { minItems: 1, maxItems: 4 }) }),
          response: { 200: Type.Object({ items: Type.Array(SlaTarget) }), ...errors },
        },
        preHandler: managers,
        config: { audit: { action: 'support.sla_targets.update' } },
      },
      async (request) => ({ items: await support.slaTargets.set(request.body.items) }),
    );

    app.get(
      '/admin/support/canned-responses',
      {
        schema: {
          tags,
          summary: 'Canned responses',
          response: { 200: Type.Object({ items: Type.Array(CannedResponse) }), ...errors },
        },
        preHandler: staffOnly,
      },
      async () => ({ items: await support.canned.list() }),
    );

    app.post(
      '/admin/support/canned-responses',
      {
        schema: {
          tags,
          summary: 'Add a canned response',
          body: body({
            title: CannedTitle,
            body: Type.String({ minLength: 1, maxLength: 50_000 }),
            departmentId: Type.Optional(Nullable),
          }),
          response: { 201: CannedResponse, ...errors },
        },
        preHandler: staffOnly,
        config: { audit: { action: 'support.canned.create' } },
      },
      async (request, reply) => {
        const canned = await support.canned.create(request.body);
        request.auditTarget = { type: 'support_canned_response', id: canned.id };
        return reply.code(201).send(canned);
      },
    );

    app.patch(
      '/admin/support/canned-responses/:id',
      {
        schema: {
          tags,
          summary: 'Change a canned response',
          params: IdParams,
          body: body({
            title: Type.Optional(CannedTitle),
            body: Type.Optional(Type.String({ minLength: 1, maxLength: 50_000 })),
            departmentId: Type.Optional(Nullable),
          }),
          response: { 200: CannedResponse, ...errors },
        },
        preHandler: staffOnly,
        config: {
          audit: {
            action: 'support.canned.update',
            targetType: 'support_canned_response',
            targetParam: 'id',
          },
        },
      },
      async (request) => support.canned.update(request.params.id, request.body),
    );

    app.delete(
      '/admin/support/canned-responses/:id',
      {
        schema: {
          tags,
          summary: 'Delete a canned response',
          params: IdParams,
          response: { 204: Type.Null(), ...errors },
        },
        preHandler: staffOnly,
        config: {
          audit: {
            action: 'support.canned.delete',
            targetType: 'support_canned_response',
            targetParam: 'id',
          },
        },
      },
      async (request, reply) => {
        await support.canned.remove(request.params.id);
        return reply.code(204).send(null);
      },
    );

    app.get(
      '/admin/tickets/:id/canned-responses/:cannedId',
      {
        schema: {
          tags,
          summary: 'A canned response with its variables filled in for this ticket',
          params: Type.Object(
            { id: Type.String({ maxLength: 100 }), cannedId: Type.String({ maxLength: 100 }) },
            { additionalProperties: false },
          ),
          response: {
            200: RenderedCannedResponse,
            ...errors,
          },
        },
        preHandler: staffOnly,
      },
      async (request) =>
        support.canned.render(staffActor(request), request.params.id, request.params.cannedId),
    );
  };
}
