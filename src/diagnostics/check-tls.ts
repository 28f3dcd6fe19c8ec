import { isExpiredAt, isNotYetValidAt, XmppProbeStream, type TlsFacts } from '../platform/probe/index.js';
import type { ProbeDeps } from './diagnostics-deps.js';
import type { Endpoint } from './find-endpoints.js';
import { causeOfError, failed, messageOf, passed, warned, type Outcome } from './step-outcomes.js';
import type { Cause } from './views.js';

const NS_TLS = 'urn:ietf:params:xml:ns:xmpp-tls';
const DAY_MS = 86_400_000;
/** Certificates renew 30 days ahead; one with less than this left did not, and needs a person. */
const EXPIRING_DAYS = 14;

/** The worst thing about a certificate, as the apps would judge it on the check's clock. */
function certificateProblem(facts: TlsFacts, now: Date): { cause: Cause; isFatal: boolean } | null {
  if (isExpiredAt(facts, now)) return { cause: 'certificate_expired', isFatal: true };
  if (isNotYetValidAt(facts, now)) return { cause: 'certificate_not_yet_valid', isFatal: true };
  if (!facts.isNameOk) return { cause: 'certificate_name_mismatch', isFatal: true };
  if (facts.trustError) return { cause: 'certificate_not_trusted', isFatal: true };
  if (facts.notAfter.getTime() - now.getTime() < EXPIRING_DAYS * DAY_MS)
    return { cause: 'certificate_expiring', isFatal: false };
  return null;
}

function describe(facts: TlsFacts, label: string, now: Date): string[] {
  const daysLeft = Math.floor((facts.notAfter.getTime() - now.getTime()) / DAY_MS);
  return [
    `${label}: ${facts.protocol ?? 'TLS'}${facts.cipher ? ` with ${facts.cipher}` : ''}`,
    `${label} certificate for ${facts.names.join(', ') || 'no name'}, issued by ${facts.issuer.replace(/\n/g, ', ')}`,
    daysLeft < 0
      ? `${label} certificate expired on ${facts.notAfter.toISOString().slice(0, 10)}`
      : `${label} certificate valid until ${facts.notAfter.toISOString().slice(0, 10)} (${daysLeft} days left)`,
    ...(facts.trustError ? [`${label} certificate not trusted: ${facts.trustError}`] : []),
  ];
}

const PROBLEM_TEXT: Partial<Record<Cause, (domain: string) => string>> = {
  certificate_expired: (d) => `The certificate for ${d} has expired.`,
  certificate_not_yet_valid: (d) => `The certificate for ${d} is not valid yet.`,
  certificate_name_mismatch: (d) => `The certificate does not name ${d}.`,
  certificate_not_trusted: (d) => `Apps do not trust the certificate for ${d}.`,
  certificate_expiring: (d) => `The certificate for ${d} expires in less than ${EXPIRING_DAYS} days.`,
};

/**
 * Step 3: the TLS handshake on each kind of port, and the certificate each presents. It leaves one
 * stream open and encrypted (STARTTLS preferred, as most apps use it) for the steps after it.
 */
export async function checkTls(
  deps: ProbeDeps,
  domain: string,
  reachable: Endpoint[],
): Promise<{ outcome: Outcome; stream: XmppProbeStream | undefined }> {
  const context = deps.fixContext(domain);
  const now = deps.clock.now();
  const options = { timeoutMs: deps.timeoutMs, ca: deps.ca };
  const starttls = reachable.find((e) => !e.isDirectTls);
  const direct = reachable.find((e) => e.isDirectTls);
  const details: string[] = [];
  const problems: { cause: Cause; isFatal: boolean }[] = [];
  let kept: XmppProbeStream | undefined;

  for (const endpoint of [starttls, direct]) {
    if (!endpoint) continue;
    const label = endpoint.isDirectTls ? 'Direct TLS' : 'STARTTLS';
    let stream: XmppProbeStream | undefined;
    try {
      stream = await XmppProbeStream.connect(
        { host: endpoint.address, port: endpoint.port, domain, isDirectTls: endpoint.isDirectTls },
        options,
      );
      if (!endpoint.isDirectTls) {
        const features = await stream.open();
        if (!features.getChild('starttls', NS_TLS)) {
          details.push(`${label}: the server offers no STARTTLS`);
          problems.push({ cause: 'encryption_not_offered', isFatal: true });
          stream.close();
          continue;
        }
        await stream.startTls();
      }
      const facts = stream.tls!;
      details.push(...describe(facts, label, now));
      const problem = certificateProblem(facts, now);
      if (problem) problems.push(problem);
      if (!kept && !problem?.isFatal) kept = stream;
      else stream.close();
    } catch (error) {
      stream?.close();
      details.push(`${label}: ${messageOf(error)}`);
      problems.push({ cause: causeOfError(error), isFatal: true });
    }
  }

  const fatal = problems.find((p) => p.isFatal);
  // One port working is not enough when the other fails: apps that use it still fail, so a fatal
  // problem on either fails the step, and no stream is handed on unless one port is fine.
  if (fatal) {
    const text = PROBLEM_TEXT[fatal.cause]?.(domain) ?? 'The secure connection could not be set up.';
    if (kept && problems.length) {
      return {
        outcome: warned(fatal.cause, `${text} (on one of the ports)`, details, context),
        stream: kept,
      };
    }
    return { outcome: failed(fatal.cause, text, details, context), stream: undefined };
  }
  const warning = problems[0];
  if (warning)
    return {
      outcome: warned(warning.cause, PROBLEM_TEXT[warning.cause]!(domain), details, context),
      stream: kept,
    };
  return {
    outcome: passed(`The connection is encrypted and the certificate for ${domain} is trusted.`, details),
    stream: kept,
  };
}
