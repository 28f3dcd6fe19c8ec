import type { RegistrationView } from './views.js';

/**
 * The domain's registration as far as this build knows it: nothing yet. Registration tracking
 * (RDAP expiry, reminders, auto-renew) replaces this one function.
 */
export async function describeRegistration(_host: { id: string; domain: string }): Promise<RegistrationView> {
  return { expiresAt: null, state: 'unknown', autoRenew: false, registrar: null };
}
