import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyPluginAsync } from 'fastify';
import { AppError } from '../../../lib/errors.js';
import { TECHNICAL_DEPARTMENT_ID } from '../../../support/index.js';
import type { ApiContext } from '../../context.js';
import { requireCustomer } from '../../plugins/auth.js';
import { errors } from '../../schemas.js';
import { customerActor } from '../support/actors.js';
import { TicketDetail } from '../support/support.schemas.js';
import { actorOf, canRead } from '../tenancy/tenancy-access.js';
import { HostParams } from '../tenancy/tenancy.schemas.js';
import { AttachReport, DiagnosticReport, ReportParams, RunDiagnostics, tags } from './diagnostics.schemas.js';

/** "Check my IM host": run it, see the last report, and attach a report to a support ticket. */
export function diagnosticsRoutes(ctx: ApiContext): FastifyPluginAsync {
  const { diagnostics, support } = ctx;

  return async (instance) => {
    const app = instance.withTypeProvider<TypeBoxTypeProvider>();

    app.post(
      '/hosts/:id/diagnostics',
      {
        schema: {
          tags,
          summary: "Check my IM host: run the steps a member's app goes through, with a fix for each",
          description:
            'DNS (SRV and A/AAAA), each port, the TLS handshake and certificate, the stream features, and, with a ' +
            "member's `username` and `password`, a login and a ping round trip. The password is used for this one " +
            'login only: it is never stored or logged. The report is kept (see `…/diagnostics/latest`). Answers 429 ' +
            '`diagnostics_rate_limited` while a check of the host runs or after IMHOST_DIAGNOSTICS_RUNS_PER_HOUR runs.',
          params: HostParams,
          body: RunDiagnostics,
          response: { 200: DiagnosticReport, ...errors },
        },
        preHandler: canRead,
        config: { audit: { action: 'host.diagnostics.run', targetType: 'host', targetParam: 'id' } },
      },
      async (request) => {
        const { username, password } = request.body ?? {};
        if ((username === undefined) !== (password === undefined))
          throw new AppError('diagnostics_credentials_incomplete');
        const credentials =
          username !== undefined && password !== undefined ? { username, password } : undefined;
        const report = await diagnostics.run(actorOf(request), request.params.id, credentials);
        // The audit entry says what was found, never with what credentials.
        request.auditTarget = {
          type: 'host',
          id: report.hostId,
          details: { report: report.id, status: report.status, loginTested: report.member !== null },
        };
        return report;
      },
    );

    app.get(
      '/hosts/:id/diagnostics/latest',
      {
        schema: {
          tags,
          summary:
            'The last report of "Check my IM host" (404 `diagnostic_report_not_found` before the first)',
          params: HostParams,
          response: { 200: DiagnosticReport, ...errors },
        },
        preHandler: canRead,
      },
      async (request) => {
        const report = await diagnostics.latest(actorOf(request), request.params.id);
        if (!report) throw new AppError('diagnostic_report_not_found');
        return report;
      },
    );

    app.post(
      '/hosts/:id/diagnostics/:reportId/ticket',
      {
        schema: {
          tags,
          summary: 'Open a support ticket with a check report attached',
          description:
            'The ticket goes to the Technical department, linked to the host, with the report as its log ' +
            '(secrets redacted; the report never holds a password). Answers 404 `diagnostic_report_not_found`, and ' +
            "the ticket limits' 429 `open_ticket_limit` / `ticket_rate_limited`.",
          params: ReportParams,
          body: AttachReport,
          response: { 201: TicketDetail, ...errors },
        },
        preHandler: requireCustomer(),
        config: { audit: { action: 'ticket.create' } },
      },
      async (request, reply) => {
        const actor = customerActor(request);
        const report = await diagnostics.get(
          { kind: 'customer', customerId: actor.customerId },
          request.params.id,
          request.params.reportId,
        );
        const problems = report.steps.filter((step) => step.status === 'failed' || step.status === 'warning');
        const detail = await support.customer.create(
          actor,
          {
            departmentId: TECHNICAL_DEPARTMENT_ID,
            priority: request.body.priority ?? (report.status === 'failed' ? 'high' : 'normal'),
            subject: `Check of ${report.domain}: ${problems[0]?.symptom ?? 'no problem found'}`,
            description:
              request.body.description ??
              [
                `"Check my IM host" on ${report.domain} found:`,
                ...(problems.length
                  ? problems.map((step) => `- ${step.title}: ${step.result}`)
                  : ['- no problem; members still report trouble.']),
                'The full report is attached below.',
              ].join('\n'),
            logText: diagnostics.render(report),
            hostId: report.hostId,
          },
          [],
        );
        request.auditTarget = { type: 'ticket', id: detail.ticket.id };
        return reply.code(201).send(detail);
      },
    );
  };
}
