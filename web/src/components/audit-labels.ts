import type { AuditAction, AuditEntry } from '../api/views';

/**
 * A readable phrase for every audit action the server records. Typed by the API document's
 * AuditAction enum: an action added on the server fails `tsc` here until it has its label.
 */
export const actionLabels: Record<AuditAction, string> = {
  'api_token.create': 'API token created',
  'api_token.revoke': 'API token revoked',
  'billing.coupon.create': 'Coupon created',
  'billing.coupon.update': 'Coupon changed',
  'billing.invoice.create_draft': 'Draft invoice written',
  'billing.invoice.credit_note': 'Credit note issued',
  'billing.invoice.finalize': 'Invoice finalised',
  'billing.invoice.mark_paid': 'Invoice marked paid',
  'billing.invoice.pay': 'Invoice paid',
  'billing.invoice.void': 'Invoice voided',
  'billing.payment.refund': 'Payment refunded',
  'billing.payment_method.add': 'Card added',
  'billing.payment_method.make_default': 'Default card changed',
  'billing.payment_method.remove': 'Card removed',
  'billing.payment_method.setup': 'Card entry started',
  'billing.plan.create': 'Plan created',
  'billing.plan.update': 'Plan changed',
  'billing.price.create': 'Price version added',
  'billing.price.migrate': 'Subscriptions moved to the current price',
  'billing.profile.update': 'Billing details changed',
  'billing.run': 'Billing run started',
  'billing.subscription.cancel': 'Subscription cancelled',
  'billing.subscription.change': 'Plan changed for a subscription',
  'billing.subscription.start': 'Subscription started',
  'billing.tld_price.remove': 'Domain renewal price removed',
  'billing.tld_price.set': 'Domain renewal price set',
  'clock.advance': 'Clock advanced',
  'domain.auto_renew': 'Domain auto-renewal changed',
  'domain.calendar.create': 'Calendar link for domain deadlines made',
  'domain.registrar.update': 'Domain marked as registered through us (or not)',
  'domain.renewal.complete': 'Domain renewal recorded',
  'domain.renewal.refuse': 'Domain renewal refused by the registrar',
  'host.certificate.install': 'Certificate installed',
  'host.create': 'Host created',
  'host.delete': 'Host deleted',
  'host.diagnostics.run': 'IM host checked',
  'host.domain.verify': 'Domain verified by staff',
  'host.security_audit.run': 'Security audit run',
  'host.update_status': 'Host status changed',
  'incident.open': 'Incident opened',
  'incident.update': 'Incident updated',
  'member.create': 'Member added',
  'chat_room.destroy': 'Group chat room destroyed',
  'member.delete': 'Member removed',
  'member.password': 'Member password reset',
  'member.reset_link.create': 'Member password link made',
  'member.reset_link.redeem': 'Member chose a password from a link',
  'member.sign_out_everywhere': 'Member signed out everywhere',
  'member.update': 'Member changed',
  'staff.create': 'Staff account created',
  'staff.setup': 'First administrator created',
  'support.canned.create': 'Canned response created',
  'support.canned.delete': 'Canned response deleted',
  'support.canned.update': 'Canned response changed',
  'support.department.create': 'Support department created',
  'support.department.update': 'Support department changed',
  'support.sla_targets.update': 'Response targets changed',
  'team.accept_invitation': 'Joined the team',
  'team.change_role': 'Team role changed',
  'team.invite': 'Invited to the team',
  'team.remove': 'Removed from the team',
  'team.revoke_invitation': 'Invitation revoked',
  'ticket.close': 'Ticket closed',
  'ticket.create': 'Ticket opened',
  'ticket.merge': 'Tickets merged',
  'ticket.note': 'Internal note added',
  'ticket.rate': 'Ticket rated',
  'ticket.reopen': 'Ticket reopened',
  'ticket.reply': 'Replied to a ticket',
  'ticket.staff_reply': 'Staff replied to a ticket',
  'ticket.update': 'Ticket changed',
  'user.2fa_disable': 'Two-factor turned off',
  'user.2fa_enable': 'Two-factor turned on',
  'user.2fa_setup': 'Two-factor set-up started',
  'user.change_password': 'Password changed',
  'user.end_session': 'Signed out a session',
  'user.login': 'Signed in',
  'user.logout': 'Signed out',
  'user.password_reset': 'Password reset',
  'user.password_reset_request': 'Password reset requested',
  'user.resend_verification': 'Verification email resent',
  'user.signup': 'Signed up',
  'user.update_profile': 'Profile changed',
  'user.verify_email': 'Email address verified',
};

/** A readable phrase for an action; an action recorded by an older version shows as itself. */
export function actionLabel(action: AuditAction): string {
  return actionLabels[action] ?? action;
}

const actorTypeLabels: Record<AuditEntry['actorType'], string> = {
  staff: 'Staff',
  customer: 'User',
  system: 'System',
  cli: 'Command line',
  anonymous: 'Not signed in',
};

/** The kind of actor: staff, a user, the system … */
export function actorTypeLabel(entry: AuditEntry): string {
  return actorTypeLabels[entry.actorType] ?? entry.actorType;
}

/** Who acted, as people know them: "You", their email, or the kind of actor when neither is known. */
export function actorLabel(entry: AuditEntry, myUserId: string): string {
  if (entry.actorId && entry.actorId === myUserId) return 'You';
  return entry.actorEmail ?? actorTypeLabel(entry);
}

/** The target by the name people know it by (domain, username, token name) when the entry has one. */
export function targetLabel(entry: AuditEntry): string | null {
  const details = entry.details ?? {};
  for (const key of ['domain', 'username', 'name', 'email']) {
    const value = details[key];
    if (typeof value === 'string' && value) return value;
  }
  return null;
}
