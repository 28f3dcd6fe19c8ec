/**
 * The one registry of error codes. Domain code throws `AppError(code)`; it never knows about HTTP.
 * The API maps each kind to a status code in one place (api/plugins/error-mapping.ts), and the
 * codes are stable: clients and the dashboard match on them.
 */
export type ErrorKind =
  | 'invalid' // 400: the input breaks a rule
  | 'unauthenticated' // 401: no or bad credentials
  | 'forbidden' // 403: known caller, not allowed
  | 'not_found' // 404: absent, or another tenant's (never reveal which)
  | 'conflict' // 409: clashes with the current state
  | 'gone' // 410: existed, now expired or used
  | 'too_large' // 413
  | 'unsupported_media' // 415
  | 'rate_limited' // 429
  | 'unavailable' // 503
  | 'internal'; // 500: a bug, never caused by client input

interface ErrorEntry {
  kind: ErrorKind;
  message: string;
  /** The request fields a code is about (in the bodies that have them), so forms can show it there. */
  fields?: readonly string[];
}

const registry = {
  // generic request errors
  bad_request: { kind: 'invalid', message: 'The request is malformed.' },
  validation_failed: { kind: 'invalid', message: 'The request does not match the schema.' },
  malformed_json: { kind: 'invalid', message: 'The request body is not valid JSON.' },
  payload_too_large: { kind: 'too_large', message: 'The request body is too large.' },
  unsupported_media_type: { kind: 'unsupported_media', message: 'This content type is not accepted here.' },
  route_not_found: { kind: 'not_found', message: 'There is no such endpoint.' },
  rate_limited: { kind: 'rate_limited', message: 'Too many requests; slow down.' },
  internal_error: { kind: 'internal', message: 'Something went wrong on our side.' },
  service_unavailable: { kind: 'unavailable', message: 'The service is not ready.' },

  // authentication and sessions
  unauthenticated: { kind: 'unauthenticated', message: 'Sign in first.' },
  invalid_credentials: { kind: 'unauthenticated', message: 'The email or password is wrong.' },
  login_throttled: { kind: 'rate_limited', message: 'Too many failed sign-ins; try again later.' },
  totp_required: { kind: 'unauthenticated', message: 'Enter the code from your authenticator app.' },
  totp_invalid: {
    kind: 'unauthenticated',
    message: 'The authenticator code is wrong.',
    fields: ['totp', 'code'],
  },
  totp_enrollment_required: {
    kind: 'forbidden',
    message: 'Staff accounts must set up two-factor authentication first.',
  },
  totp_already_enabled: { kind: 'conflict', message: 'Two-factor authentication is already on.' },
  totp_not_enabled: { kind: 'conflict', message: 'Two-factor authentication is not on.' },
  csrf_failed: { kind: 'forbidden', message: 'The CSRF token is missing or wrong.' },
  forbidden: { kind: 'forbidden', message: 'You are not allowed to do this.' },
  staff_only: { kind: 'forbidden', message: 'Only staff can do this.' },
  token_invalid: { kind: 'gone', message: 'This link is invalid or has expired.' },
  setup_already_done: { kind: 'conflict', message: 'The first administrator already exists.' },

  // accounts
  email_taken: { kind: 'conflict', message: 'An account with this email already exists.', fields: ['email'] },
  email_invalid: { kind: 'invalid', message: 'This is not a valid email address.', fields: ['email'] },
  password_too_short: {
    kind: 'invalid',
    message: 'The password must have at least 8 characters.',
    fields: ['password', 'newPassword'],
  },
  password_too_common: {
    kind: 'invalid',
    message: 'This password is too common; choose another.',
    fields: ['password', 'newPassword'],
  },
  password_too_long: {
    kind: 'invalid',
    message: 'The password is too long.',
    fields: ['password', 'newPassword'],
  },
  wrong_password: { kind: 'invalid', message: 'The current password is wrong.', fields: ['currentPassword'] },
  customer_not_found: { kind: 'not_found', message: 'There is no such customer.' },
  token_not_found: { kind: 'not_found', message: 'There is no such API token.' },
  session_not_found: { kind: 'not_found', message: 'There is no such session.' },
  team_member_not_found: { kind: 'not_found', message: 'There is no such team member.' },
  team_member_exists: { kind: 'conflict', message: 'This person is already on your team.' },
  last_owner: {
    kind: 'conflict',
    message: 'The team needs at least one owner; make someone else owner first.',
  },
  invitation_not_found: { kind: 'not_found', message: 'There is no such pending invitation.' },
  invitation_email_in_use: {
    kind: 'conflict',
    message: 'This email address already belongs to another organisation or to staff.',
  },

  // tenancy
  domain_invalid: { kind: 'invalid', message: 'This is not a valid domain name.', fields: ['domain'] },
  domain_taken: { kind: 'conflict', message: 'This domain is already served here.', fields: ['domain'] },
  domain_claim_pending: {
    kind: 'conflict',
    message:
      'Another account added this domain but has not proven it is theirs. Add the TXT record given in the details to prove it is yours, then try again.',
    fields: ['domain'],
  },
  domain_already_verified: { kind: 'conflict', message: 'This domain is already verified.' },
  host_not_found: { kind: 'not_found', message: 'There is no such IM host.' },
  host_terminated: { kind: 'conflict', message: 'This IM host is terminated.' },
  certificate_invalid: { kind: 'invalid', message: 'This certificate cannot be used for this host.' },
  username_invalid: { kind: 'invalid', message: 'This is not a valid XMPP username.', fields: ['username'] },
  member_exists: {
    kind: 'conflict',
    message: 'This username is already taken on this host.',
    fields: ['username'],
  },
  member_not_found: { kind: 'not_found', message: 'There is no such member.' },
  // "Check my IM host"
  diagnostics_rate_limited: {
    kind: 'rate_limited',
    message: 'The check of this host is running or has run often this hour; try again in a little while.',
  },
  diagnostics_credentials_incomplete: {
    kind: 'invalid',
    message: 'Give both the username and the password to test a login, or neither.',
    fields: ['username', 'password'],
  },
  diagnostics_member_elsewhere: {
    kind: 'invalid',
    message: "Give a member of this host: a username, or an address at the host's domain.",
    fields: ['username'],
  },
  diagnostic_report_not_found: { kind: 'not_found', message: 'There is no such check report for this host.' },
  chat_room_not_found: { kind: 'not_found', message: 'There is no such group chat room.' },
  chat_rooms_unavailable: {
    kind: 'unavailable',
    message: 'Group chat rooms are known only where the IM server runs.',
  },
  member_sessions_unavailable: {
    kind: 'unavailable',
    message: "A member's chat sessions are known only where the IM server runs.",
  },
  member_disabled: {
    kind: 'conflict',
    message: 'This member or its host is not active, so a new password would not let them sign in.',
  },
  member_reset_link_invalid: {
    kind: 'gone',
    message: 'This password link is invalid, has expired or was already used. Ask for a new one.',
  },
  member_limit_reached: { kind: 'conflict', message: 'The plan allows no more members on this host.' },
  custom_domain_not_allowed: {
    kind: 'invalid',
    message: 'This plan does not include a custom domain; use a subdomain of the hosted domain.',
  },
  password_invalid: { kind: 'invalid', message: 'The password contains characters that cannot be used.' },
  display_name_invalid: {
    kind: 'invalid',
    message: 'The display name must be 1 to 100 printable characters.',
  },

  // billing
  plan_not_found: { kind: 'not_found', message: 'There is no such plan.' },
  price_not_found: { kind: 'not_found', message: 'This plan has no price for this cycle and currency.' },
  coupon_not_found: { kind: 'not_found', message: 'There is no such coupon.' },
  coupon_taken: { kind: 'conflict', message: 'A coupon with this code already exists.' },
  plan_code_taken: { kind: 'conflict', message: 'A plan with this code already exists.' },
  currency_unsupported: { kind: 'invalid', message: 'This currency is not supported.' },
  time_zone_invalid: { kind: 'invalid', message: 'This is not an IANA time zone name.' },
  subscription_not_found: { kind: 'not_found', message: 'There is no such subscription.' },
  subscription_exists: { kind: 'conflict', message: 'This IM host already has a subscription.' },
  subscription_ended: { kind: 'conflict', message: 'This subscription has ended.' },
  plan_change_invalid: { kind: 'invalid', message: 'This plan change is not possible.' },
  invoice_not_found: { kind: 'not_found', message: 'There is no such invoice.' },
  invoice_not_open: { kind: 'conflict', message: 'This invoice is not open for payment.' },
  invoice_has_payments: {
    kind: 'conflict',
    message: 'An invoice with payments cannot be voided; issue a credit note.',
  },
  credit_too_large: {
    kind: 'invalid',
    message: 'The amount exceeds what is left to credit on this invoice.',
  },
  payment_not_found: { kind: 'not_found', message: 'There is no such payment.' },
  payment_method_not_found: { kind: 'not_found', message: 'There is no such payment method.' },
  payment_method_required: { kind: 'conflict', message: 'Add a payment method first.' },
  payment_in_progress: { kind: 'conflict', message: 'A payment for this invoice is already in progress.' },
  payment_failed: { kind: 'conflict', message: 'The payment failed.' },
  card_invalid: { kind: 'invalid', message: 'The card number is invalid.' },
  card_expired: { kind: 'invalid', message: 'The card has expired.' },
  card_declined: { kind: 'invalid', message: 'The card was declined.' },
  webhook_signature_invalid: { kind: 'invalid', message: 'The webhook signature is invalid.' },
  card_number_not_accepted: {
    kind: 'invalid',
    message: 'Card details are entered with the payment provider; send the setupIntentId or paymentMethodId.',
  },
  card_reference_not_accepted: {
    kind: 'invalid',
    message: 'This payment gateway takes the card number, expiry and security code.',
  },
  card_setup_not_found: { kind: 'not_found', message: 'There is no such card setup.' },
  card_setup_incomplete: {
    kind: 'conflict',
    message: 'The card has not been confirmed with the payment provider.',
  },
  card_authentication_required: {
    kind: 'conflict',
    message:
      'The card issuer requires authentication: complete it with Stripe.js (`stripe.handleNextAction` with the clientSecret in details), then send the setupIntentId.',
  },

  // platform
  clock_not_simulated: { kind: 'conflict', message: 'The clock can only be moved in simulated mode.' },

  // XMPP file upload (XEP-0363): the HTTP side of a slot
  upload_not_found: { kind: 'not_found', message: 'There is no such upload.' },
  upload_slot_used: { kind: 'conflict', message: 'This upload slot has already been used.' },
  upload_slot_expired: { kind: 'gone', message: 'This upload slot has expired; request a new one.' },
  upload_size_mismatch: {
    kind: 'invalid',
    message: 'The upload must be exactly the size announced in the slot request.',
  },
  upload_content_type_mismatch: {
    kind: 'unsupported_media',
    message: 'The upload must have the content type announced in the slot request.',
  },
  upload_host_suspended: {
    kind: 'forbidden',
    message: 'This service is suspended; its files are kept and served again once it is reactivated.',
  },

  // support
  ticket_not_found: { kind: 'not_found', message: 'There is no such ticket.' },
  attachment_not_found: { kind: 'not_found', message: 'There is no such attachment.' },
  department_not_found: { kind: 'not_found', message: 'There is no such support department.' },
  department_name_taken: { kind: 'conflict', message: 'A department with this name already exists.' },
  canned_response_not_found: { kind: 'not_found', message: 'There is no such canned response.' },
  assignee_not_staff: { kind: 'invalid', message: 'Tickets can only be assigned to staff.' },
  ticket_transition_invalid: {
    kind: 'conflict',
    message: 'The ticket cannot move to that status from its current one.',
  },
  ticket_not_resolved: { kind: 'conflict', message: 'Only a resolved or closed ticket can be rated.' },
  ticket_already_rated: { kind: 'conflict', message: 'This ticket has already been rated.' },
  ticket_merge_invalid: { kind: 'conflict', message: 'These tickets cannot be merged.' },
  description_too_short: { kind: 'invalid', message: 'Describe the problem in more detail.' },
  open_ticket_limit: {
    kind: 'rate_limited',
    message: 'You have too many open tickets; wait for one to be resolved.',
  },
  ticket_rate_limited: {
    kind: 'rate_limited',
    message: 'You have opened too many tickets recently; try again later.',
  },
  attachment_too_large: { kind: 'too_large', message: 'An attachment is larger than allowed.' },
  ticket_attachments_too_large: {
    kind: 'too_large',
    message: 'The attachments of this ticket exceed the total allowed.',
  },
  attachment_type_not_allowed: {
    kind: 'unsupported_media',
    message: 'Only images (PNG, JPEG, GIF, WebP) and text or log files can be attached.',
  },
  malformed_multipart: {
    kind: 'invalid',
    message: 'The request body is not a well-formed multipart/form-data form.',
  },

  // operations (issue 18): backups, restores and the release feed
  backup_invalid: { kind: 'invalid', message: 'This file is not an imhost backup.' },
  backup_database_mismatch: {
    kind: 'conflict',
    message: 'This backup holds a different kind of database (SQLite or PostgreSQL) than the one configured.',
  },
  backup_too_new: {
    kind: 'conflict',
    message: 'This backup is from a newer imhost: install that version or a later one to restore it.',
  },
  restore_target_not_empty: {
    kind: 'conflict',
    message: 'The database or the data directory is not empty; pass --force to replace what is there.',
  },
  backup_tool_missing: {
    kind: 'unavailable',
    message: 'A PostgreSQL client tool (pg_dump, pg_restore) is not on the PATH.',
  },
  backup_tool_failed: { kind: 'internal', message: 'A PostgreSQL client tool failed.' },
  release_feed_off: {
    kind: 'conflict',
    message: 'No release feed is configured (IMHOST_RELEASE_FEED_URL).',
  },
  // domain registration (issue 16)
  registration_not_found: {
    kind: 'not_found',
    message: 'This host has no domain registration to track (its domain is under the hosted domain).',
  },
  auto_renew_unavailable: {
    kind: 'conflict',
    message: 'Auto-renewal is only for domains registered through us; renew this one at its registrar.',
    fields: ['autoRenew'],
  },
  calendar_not_found: { kind: 'not_found', message: 'There is no such calendar feed; make a new link.' },
  registrar_task_not_found: { kind: 'not_found', message: 'There is no such registrar task.' },
  registrar_task_closed: { kind: 'conflict', message: 'This registrar task is already done.' },
  renewal_expiry_invalid: {
    kind: 'invalid',
    message: 'The new expiry must be later than the expiry renewed from.',
    fields: ['expiresAt'],
  },
  tld_invalid: {
    kind: 'invalid',
    message: 'This is not a top-level domain such as com or co.uk.',
    fields: ['tld'],
  },
  tld_price_not_found: { kind: 'not_found', message: 'There is no renewal price for this TLD and currency.' },

  // incidents
  incident_not_found: { kind: 'not_found', message: 'There is no such incident.' },
  incident_resolved: { kind: 'conflict', message: 'This incident is resolved and takes no more updates.' },
} as const satisfies Record<string, ErrorEntry>;

export type ErrorCode = keyof typeof registry;

export const errorRegistry: Readonly<Record<ErrorCode, ErrorEntry>> = registry;

/** Every code, for the API document: clients name each code the server can answer with. */
export const errorCodes = Object.keys(registry) as ErrorCode[];

export class AppError extends Error {
  readonly code: ErrorCode;
  readonly kind: ErrorKind;
  readonly details: unknown;

  constructor(code: ErrorCode, options: { message?: string; details?: unknown; cause?: unknown } = {}) {
    super(options.message ?? registry[code].message, { cause: options.cause });
    this.name = 'AppError';
    this.code = code;
    this.kind = registry[code].kind;
    this.details = options.details;
  }
}

export function isAppError(value: unknown): value is AppError {
  return value instanceof AppError;
}
