/**
 * The audit log: who did what to which object, when and from where. The API's audit hook records
 * every successful write by staff and customers; the CLI and background work record their own
 * actions with actorType 'cli' / 'system'. Events are never changed or removed.
 */
import type { Clock } from '../../lib/clock.js';
import { scopedDb, type AnyDb, type PlatformDb, type PlatformTables } from '../db/index.js';
import type { IdSource } from '../../lib/ids.js';
import { toPage, type Page, type PageQuery } from '../page.js';
import type { AuditActorType, AuditEvent } from '../views.js';
import {
  insertAuditEvent,
  listAllAuditEvents,
  listCustomerAuditEvents,
  type AuditEventRow,
} from './audit.repository.js';

export type { AuditActorType };

export interface AuditEventInput {
  actorType: AuditActorType;
  actorId?: string | null;
  /** The customer account the event belongs to; its users can read it. Null for operator-only events. */
  customerId?: string | null;
  action: string;
  targetType?: string | null;
  targetId?: string | null;
  ip?: string | null;
  details?: Record<string, unknown> | null;
}

export type { AuditEvent };

export interface AuditLog {
  record(event: AuditEventInput, options?: { tx?: AnyDb }): Promise<AuditEvent>;
  /** Without customerId: every event (staff only). With it: only that customer's events. */
  list(query: PageQuery & { customerId?: string | undefined }): Promise<Page<AuditEvent>>;
}

function toEvent(row: AuditEventRow): AuditEvent {
  return {
    id: row.id,
    at: row.at,
    actorType: row.actor_type,
    actorId: row.actor_id,
    customerId: row.customer_id,
    action: row.action,
    targetType: row.target_type,
    targetId: row.target_id,
    ip: row.ip,
    details: row.details === null ? null : (JSON.parse(row.details) as Record<string, unknown>),
  };
}

export function createAuditLog(deps: { db: PlatformDb; clock: Clock; nextId: IdSource }): AuditLog {
  return {
    async record(event, options = {}) {
      const row: AuditEventRow = {
        id: deps.nextId('aud'),
        at: deps.clock.now().toISOString(),
        actor_type: event.actorType,
        actor_id: event.actorId ?? null,
        customer_id: event.customerId ?? null,
        action: event.action,
        target_type: event.targetType ?? null,
        target_id: event.targetId ?? null,
        ip: event.ip ?? null,
        details: event.details ? JSON.stringify(event.details) : null,
      };
      await insertAuditEvent(options.tx ? scopedDb<PlatformTables>(options.tx) : deps.db, row);
      return toEvent(row);
    },
    async list(query) {
      const window = { limit: query.limit + 1, before: query.before };
      const rows =
        query.customerId !== undefined
          ? await listCustomerAuditEvents(deps.db, query.customerId, window)
          : await listAllAuditEvents(deps.db, window);
      return toPage(rows, query.limit, toEvent);
    },
  };
}
