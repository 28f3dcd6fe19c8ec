import type { Migration } from 'kysely';
import * as foundation from './0001_foundation.js';
import * as xmpp from './0002_xmpp.js';
import * as billing from './0004_billing.js';
import * as support from './0005_support.js';
import * as invitations from './0006_invitations.js';
import * as entitlements from './0007_entitlements.js';
import * as archive from './0008_archive.js';
import * as uploads from './0009_uploads.js';
import * as usageKeys from './0010_usage_keys.js';
import * as jobsDueOrder from './0011_jobs_due_order.js';
import * as invoicesBySubscription from './0012_invoices_by_subscription.js';
import * as gatewayCustomers from './0013_gateway_customers.js';
import * as archiveOneRowPerMessage from './0014_archive_one_row_per_message.js';
import * as domains from './0015_domains.js';
import * as domainRegistrations from './0016_domain_registrations.js';
import * as pep from './0017_pep.js';
import * as muc from './0018_muc.js';
import * as hostMetrics from './0019_host_metrics.js';
import * as securityAudits from './0020_security_audits.js';
import * as incidents from './0021_incidents.js';
import * as diagnosticReports from './0022_diagnostic_reports.js';

/**
 * Every migration, in order. Listed statically (not read from the folder) so the same list works
 * under tsx, in the compiled dist/, and in tests. Names never change once released.
 */
export const migrations: Record<string, Migration> = {
  '0001_foundation': foundation,
  '0002_xmpp': xmpp,
  '0004_billing': billing,
  '0005_support': support,
  '0006_invitations': invitations,
  '0007_entitlements': entitlements,
  '0008_archive': archive,
  '0009_uploads': uploads,
  '0010_usage_keys': usageKeys,
  '0011_jobs_due_order': jobsDueOrder,
  '0012_invoices_by_subscription': invoicesBySubscription,
  '0013_gateway_customers': gatewayCustomers,
  '0014_archive_one_row_per_message': archiveOneRowPerMessage,
  '0015_domains': domains,
  '0016_domain_registrations': domainRegistrations,
  '0017_pep': pep,
  '0018_muc': muc,
  '0019_host_metrics': hostMetrics,
  '0020_security_audits': securityAudits,
  '0021_incidents': incidents,
  '0022_diagnostic_reports': diagnosticReports,
};
