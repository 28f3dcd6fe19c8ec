import type { Cause } from './views.js';

/** What the fix texts may name: the host's domain and where this server expects to be found. */
export interface FixContext {
  domain: string;
  serviceHostname: string;
  c2sPort: number;
  c2sTlsPort: number;
}

interface Advice {
  /** In the words members' apps use for the same state, so a customer can match the two. */
  symptom: string;
  fix: (context: FixContext) => string;
}

const records = ({ domain, serviceHostname, c2sPort, c2sTlsPort }: FixContext) =>
  `SRV _xmpp-client._tcp.${domain} → ${serviceHostname} port ${c2sPort}, and SRV _xmpps-client._tcp.${domain} → ${serviceHostname} port ${c2sTlsPort}`;

/** One advice per cause: the plain-language fix a customer can follow. */
export const advice: Record<Cause, Advice> = {
  server_not_found: {
    symptom: 'Server not found',
    fix: (c) =>
      `Add these records at your DNS provider: ${records(c)}. Changes can take up to an hour to reach everyone.`,
  },
  dns_lookup_failed: {
    symptom: 'Server not found',
    fix: (c) =>
      `Your DNS provider did not answer for ${c.domain}. Check that the domain is registered and its name servers are set, then run the check again.`,
  },
  srv_records_missing: {
    symptom: 'Server not found (in some apps)',
    fix: (c) =>
      `Apps that look for SRV records will not find the server. Add these records at your DNS provider: ${records(c)}.`,
  },
  connection_refused: {
    symptom: 'Connection refused',
    fix: (c) =>
      `Nothing accepts connections at the address and port the DNS records name. Check that the SRV records point to ${c.serviceHostname} on ports ${c.c2sPort} and ${c.c2sTlsPort}; if they do, contact support.`,
  },
  connection_timed_out: {
    symptom: 'Connection timed out',
    fix: (c) =>
      `The server did not answer in time. Check that the DNS records point to ${c.serviceHostname} (not an old address) and that no firewall blocks ports ${c.c2sPort} and ${c.c2sTlsPort}; if it persists, contact support.`,
  },
  encryption_not_offered: {
    symptom: 'Encryption not available',
    fix: () =>
      'The server at this address does not offer encryption, so apps refuse it. The DNS records probably point to another server: correct them.',
  },
  tls_handshake_failed: {
    symptom: 'Secure connection failed',
    fix: () =>
      'The secure connection could not be set up. If the DNS records point to this service, contact support with this report.',
  },
  certificate_not_trusted: {
    symptom: 'Certificate not trusted',
    fix: (c) =>
      `Apps do not trust the certificate ${c.domain} presents (it is self-signed or from an unknown authority). Verify the domain on the host page so a trusted certificate is issued for it, or ask support to install one.`,
  },
  certificate_expired: {
    symptom: 'Certificate expired',
    fix: (c) =>
      `The certificate for ${c.domain} has expired, so apps refuse to connect. Renew it: with automatic certificates, run "Check DNS now" on the host page; otherwise ask support to install a new one.`,
  },
  certificate_not_yet_valid: {
    symptom: 'Certificate not trusted',
    fix: () =>
      'The certificate is not valid yet: its start date is in the future. Check the clock of the device, or ask support to install a current certificate.',
  },
  certificate_name_mismatch: {
    symptom: 'Certificate not trusted',
    fix: (c) =>
      `The certificate does not name ${c.domain}. Verify the domain on the host page so a certificate for it is issued; if the DNS records point to another provider's server, correct them.`,
  },
  certificate_expiring: {
    symptom: 'Certificate expiring soon',
    fix: (c) =>
      `The certificate for ${c.domain} expires soon. Automatic certificates renew by themselves; otherwise ask support to install a new one before it expires.`,
  },
  host_unknown: {
    symptom: 'Server not found',
    fix: (c) =>
      `The server at this address does not serve ${c.domain}. If the domain is not verified yet, publish the TXT record shown on the host page; otherwise correct the SRV records: ${records(c)}.`,
  },
  stream_refused: {
    symptom: 'Service unavailable',
    fix: () =>
      'The server refused the connection. Check that the host is active (not suspended), then contact support.',
  },
  no_login_method: {
    symptom: 'Authentication failed',
    fix: () => 'The server offers no sign-in method apps can use. Contact support with this report.',
  },
  unauthorized: {
    symptom: 'Unauthorized',
    fix: (c) =>
      `The username or password is wrong. Check that the member signs in as name@${c.domain} (not another address), or set a new password for the member on the host page.`,
  },
  account_disabled: {
    symptom: 'Account disabled',
    fix: () =>
      'The member is disabled, or the host is suspended. Enable the member on the host page, or settle the account.',
  },
  login_throttled: {
    symptom: 'Too many attempts',
    fix: () =>
      'Too many wrong passwords were tried for this member recently. Wait a few minutes, then try again.',
  },
  round_trip_failed: {
    symptom: 'Messages not delivered',
    fix: () => 'Signed in, but the server did not answer a ping. Contact support with this report.',
  },
};
