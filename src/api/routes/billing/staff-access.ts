import type { AuditAction } from '../../audit-actions.js';
import { requireStaff } from '../../plugins/auth.js';

/** Billing staff (and admins) manage money; the other staff roles do not. */
export const billingStaff = requireStaff('billing');

/** The audit declaration of a staff billing write. */
export function audit(action: AuditAction, targetType: string, targetParam?: string) {
  return { audit: { action, targetType, ...(targetParam ? { targetParam } : {}) } };
}
