import type { FastifyInstance } from 'fastify';
import type { AuditAction } from '../audit-actions.js';
import type { ApiContext } from '../context.js';

declare module 'fastify' {
  interface FastifyContextConfig {
    /**
     * Declared on every write route: the audit action name and how to find the target. The hook
     * records the event once the write succeeded, before the response leaves, with the actor and IP from the request.
     */
    audit?: { action: AuditAction; targetType?: string; targetParam?: string };
  }
  interface FastifyRequest {
    /** Set by a handler when the target id is only known after the write (e.g. a created host). */
    auditTarget?: { type: string; id: string; customerId?: string | null; details?: Record<string, unknown> };
  }
}

export function registerAuditHook(app: FastifyInstance, ctx: ApiContext): void {
  app.addHook('onSend', async (request, reply, payload) => {
    const audit = request.routeOptions.config.audit;
    if (!audit || reply.statusCode >= 400) return payload;
    const auth = request.auth;
    const params = (request.params ?? {}) as Record<string, string>;
    const target = request.auditTarget;
    try {
      await ctx.platform.audit.record({
        actorType: auth ? (auth.user.kind === 'staff' ? 'staff' : 'customer') : 'anonymous',
        actorId: auth?.user.id ?? null,
        customerId: target?.customerId ?? auth?.customerId ?? null,
        action: audit.action,
        targetType: target?.type ?? audit.targetType ?? null,
        targetId: target?.id ?? (audit.targetParam ? (params[audit.targetParam] ?? null) : null),
        ip: request.ip,
        details: target?.details ?? null,
      });
    } catch (error) {
      request.log.error({ err: error }, 'audit record failed');
    }
    return payload;
  });
}
