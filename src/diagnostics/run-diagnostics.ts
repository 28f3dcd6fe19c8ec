import type { XmppProbeStream } from '../platform/probe/index.js';
import { checkPorts } from './check-ports.js';
import { checkLogin, checkRoundTrip, checkStream } from './check-session.js';
import { checkTls } from './check-tls.js';
import type { Credentials, ProbeDeps } from './diagnostics-deps.js';
import { findEndpoints } from './find-endpoints.js';
import { skipped, STEP_TITLES, type Outcome } from './step-outcomes.js';
import type { DiagnosticStep, StepName } from './views.js';

const after = (step: string) => skipped(`Skipped: apps stop at the problem with ${step} above.`);

/**
 * "Check my IM host": the steps a member's app goes through, in order, each with a plain-language
 * result and fix. A step that fails stops the ones that need it; they are reported as skipped.
 */
export async function runDiagnostics(
  deps: ProbeDeps,
  domain: string,
  credentials: Credentials | undefined,
): Promise<DiagnosticStep[]> {
  const outcomes: Partial<Record<StepName, Outcome>> = {};
  let stream: XmppProbeStream | undefined;
  try {
    const dns = await findEndpoints(deps, domain);
    outcomes.dns = dns.outcome;
    if (dns.endpoints.length === 0) return finish(outcomes, after('DNS'));

    const ports = await checkPorts(deps, domain, dns.endpoints);
    outcomes.tcp = ports.outcome;
    if (ports.reachable.length === 0) return finish(outcomes, after('reaching the server'));

    const tls = await checkTls(deps, domain, ports.reachable);
    outcomes.tls = tls.outcome;
    stream = tls.stream;
    if (!stream) return finish(outcomes, after('the secure connection'));

    const features = await checkStream(deps, domain, stream);
    outcomes.stream = features.outcome;
    if (features.outcome.status === 'failed') return finish(outcomes, after('the XMPP stream'));

    if (!credentials) {
      outcomes.login = skipped("Not tested: give a member's username and password to test signing in.");
      return finish(outcomes, skipped('Needs a signed-in member: give their username and password.'));
    }
    const login = await checkLogin(deps, domain, stream, features.mechanisms, credentials);
    outcomes.login = login.outcome;
    if (!login.jid) return finish(outcomes, skipped('Skipped: needs a successful sign-in.'));

    outcomes.round_trip = await checkRoundTrip(deps, domain, stream);
    return finish(outcomes, skipped('unreachable'));
  } finally {
    stream?.close();
  }
}

function finish(outcomes: Partial<Record<StepName, Outcome>>, rest: Outcome): DiagnosticStep[] {
  return (Object.keys(STEP_TITLES) as StepName[]).map((name) => ({
    name,
    title: STEP_TITLES[name],
    ...(outcomes[name] ?? rest),
  }));
}
