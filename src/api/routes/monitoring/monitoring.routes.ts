import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyPluginAsync } from 'fastify';
import { monitoringViews } from '../../../monitoring/index.js';
import type { ApiContext } from '../../context.js';
import { MemberFailedLogins, RangeQuery, tags } from './monitoring.schemas.js';
import { errors, pageOf } from '../../schemas.js';
import { actorOf, canRead } from '../tenancy/tenancy-access.js';
import { HostParams, MemberParams, PageQuery } from '../tenancy/tenancy.schemas.js';
import { staffMonitoringRoutes } from './staff-monitoring.routes.js';

/** A host's figures over time and its members' login activity, for the customer and staff. */
export function monitoringRoutes(ctx: ApiContext): FastifyPluginAsync {
  const { monitoring, tenancy } = ctx;

  return async (instance) => {
    const app = instance.withTypeProvider<TypeBoxTypeProvider>();
    await instance.register(staffMonitoringRoutes(ctx));

    app.get(
      '/hosts/:id/metrics',
      {
        schema: {
          tags,
          summary:
            "A host's sessions, logins, messages, active members, storage and delivery latency over time",
          description:
            'Kept per minute for 48 hours and per hour for 90 days; `range` defaults to 24h. Every node the host was served on is added up.',
          params: HostParams,
          querystring: RangeQuery,
          response: { 200: monitoringViews.HostMetricsView, ...errors },
        },
        preHandler: canRead,
      },
      async (request) => {
        const host = await tenancy.hosts.get(actorOf(request), request.params.id);
        return monitoring.hostMetrics(host.id, request.query.range ?? '24h');
      },
    );

    app.get(
      '/hosts/:id/member-activity',
      {
        schema: {
          tags,
          summary: "Members' last login, client software and recent failed logins with their reasons",
          description:
            "One page of the host's members (newest first, as GET /hosts/{id}/members pages them), each with the app of its last login (XEP-0092, or the resource) and its failed logins of the last 30 days.",
          params: HostParams,
          querystring: PageQuery,
          response: { 200: pageOf(monitoringViews.MemberActivityView), ...errors },
        },
        preHandler: canRead,
      },
      async (request) => {
        const page = await tenancy.members.list(actorOf(request), request.params.id, request.query);
        const activity = await monitoring.memberActivity(
          request.params.id,
          page.items.map((member) => member.username),
        );
        return {
          nextCursor: page.nextCursor,
          items: page.items.map((member) => ({
            username: member.username,
            jid: member.jid,
            displayName: member.displayName,
            status: member.status,
            lastLoginAt: member.lastLoginAt,
            client: activity.get(member.username)?.client ?? null,
            failedLogins: activity.get(member.username)?.failedLogins ?? [],
          })),
        };
      },
    );

    app.get(
      '/hosts/:id/members/:username/failed-logins',
      {
        schema: {
          tags,
          summary: "One member's recent failed logins with their reasons",
          description:
            'Newest first, up to 50, kept 30 days: wrong password, disabled member, suspended host, or refused for too many failures (throttled). For the sign-in help of one member.',
          params: MemberParams,
          response: { 200: MemberFailedLogins, ...errors },
        },
        preHandler: canRead,
      },
      async (request) => {
        const { id, username } = request.params;
        const member = await tenancy.members.get(actorOf(request), id, username);
        const failures = await monitoring.recentFailedLoginsOfMember(id, member.username, 50);
        return { items: failures.map(({ at, reason }) => ({ at, reason })) };
      },
    );
  };
}
