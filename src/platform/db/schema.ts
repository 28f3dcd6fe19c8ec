/**
 * Row types of every table, as Kysely sees them, one file per owning area. The migrations in
 * /migrations are the only place the schema changes; keep these files in step with them. Portable
 * types only: text ids, ISO-8601 UTC timestamps as text, 0/1 integers for flags, JSON as text, so
 * SQLite and PostgreSQL behave alike.
 *
 * Each area sees only its own tables (scopedDb); the whole database is for migrations, the
 * composition root, tests, and the XMPP server until its modules get their own.
 */
import type { Generated } from 'kysely';
import type { AccountsTables } from './schema-accounts.js';
import type { BillingTables } from './schema-billing.js';
import type { DiagnosticsTables } from './schema-diagnostics.js';
import type { DomainsTables } from './schema-domains.js';
import type { IncidentsTables } from './schema-incidents.js';
import type { MonitoringTables } from './schema-monitoring.js';
import type { PlatformTables } from './schema-platform.js';
import type { SecurityTables } from './schema-security.js';
import type { SupportTables } from './schema-support.js';
import type { TenancyTables } from './schema-tenancy.js';
import type { XmppTables } from './schema-xmpp.js';

export interface Database
  extends
    PlatformTables,
    AccountsTables,
    TenancyTables,
    BillingTables,
    SupportTables,
    XmppTables,
    DomainsTables,
    SecurityTables,
    DiagnosticsTables,
    IncidentsTables,
    MonitoringTables {}

/** For tables that later gain a generated column. */
export type { Generated };
