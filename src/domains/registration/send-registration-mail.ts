import type { AnyDb } from '../../platform/index.js';
import type { RegistrationDeps } from './registration-deps.js';
import { composeRegistrationMail, type RegistrationMail } from './registration-mail-templates.js';

/** Mails the customer's owners and billing contacts; returns who it went to (none: nothing sent). */
export async function sendRegistrationMail(
  deps: Pick<RegistrationDeps, 'mailer' | 'publicUrl' | 'contacts'>,
  customerId: string,
  mail: RegistrationMail,
  options: { tx?: AnyDb; recipients?: string[] } = {},
): Promise<string[]> {
  const to = options.recipients ?? (await deps.contacts([customerId])).get(customerId) ?? [];
  if (to.length === 0) return [];
  const content = composeRegistrationMail(mail, deps.publicUrl);
  await deps.mailer.send({ to, ...content }, options.tx ? { tx: options.tx } : {});
  return to;
}
