import type { Element } from '@xmpp/xml';
import type { XmppProbeStream } from '../platform/probe/index.js';
import type { Credentials, ProbeDeps } from './diagnostics-deps.js';
import { causeOfError, failed, messageOf, passed, skipped, type Outcome } from './step-outcomes.js';
import type { Cause } from './views.js';

const NS_SASL = 'urn:ietf:params:xml:ns:xmpp-sasl';
/** The resource the check binds, so a member who sees it in their session list knows what it was. */
const RESOURCE = 'imhost-check';

function mechanismsOf(features: Element): string[] {
  return (features.getChild('mechanisms', NS_SASL)?.getChildren('mechanism') ?? []).map((m) => m.text());
}

/** Step 4: the encrypted stream and the features a client gets. */
export async function checkStream(
  deps: ProbeDeps,
  domain: string,
  stream: XmppProbeStream,
): Promise<{ outcome: Outcome; mechanisms: string[] }> {
  try {
    const features = await stream.open();
    const mechanisms = mechanismsOf(features);
    const details = [
      `Sign-in methods: ${mechanisms.join(', ') || 'none'}`,
      ...features.children
        .filter((child): child is Element => typeof child !== 'string' && child.getName() !== 'mechanisms')
        .map((child) => `Also offers ${child.getName()} (${child.getNS()})`),
    ];
    if (mechanisms.length === 0)
      return {
        outcome: failed(
          'no_login_method',
          'The server offers no way to sign in.',
          details,
          deps.fixContext(domain),
        ),
        mechanisms,
      };
    return { outcome: passed(`The server serves ${domain} and offers sign-in.`, details), mechanisms };
  } catch (error) {
    const cause = causeOfError(error);
    return {
      outcome: failed(
        cause,
        cause === 'host_unknown'
          ? `The server does not serve ${domain}.`
          : 'The server refused the XMPP stream.',
        [messageOf(error)],
        deps.fixContext(domain),
      ),
      mechanisms: [],
    };
  }
}

function causeOfSaslFailure(condition: string, text: string | null): Cause {
  if (condition === 'account-disabled') return 'account_disabled';
  // The server says "too many attempts" as a temporary failure (see accounts' login throttle).
  if (condition === 'temporary-auth-failure' && text && /attempt|throttl|later/i.test(text))
    return 'login_throttled';
  return 'unauthorized';
}

/**
 * Step 5: a login with a member's credentials, over the encrypted stream. The password goes only
 * into the SASL exchange: it is in no outcome, detail or log line.
 */
export async function checkLogin(
  deps: ProbeDeps,
  domain: string,
  stream: XmppProbeStream,
  mechanisms: string[],
  credentials: Credentials,
): Promise<{ outcome: Outcome; jid: string | undefined }> {
  const context = deps.fixContext(domain);
  const address = `${credentials.username}@${domain}`;
  // PLAIN inside TLS is what every app can fall back to; the server offers it only there.
  if (!mechanisms.includes('PLAIN'))
    return {
      outcome: skipped('The server offers no sign-in method this check can use (PLAIN).'),
      jid: undefined,
    };
  try {
    const answer = await stream.authenticatePlain(credentials.username, credentials.password);
    if (!answer.isSuccess) {
      const cause = causeOfSaslFailure(answer.condition, answer.text);
      return {
        outcome: failed(
          cause,
          cause === 'unauthorized'
            ? `The server did not accept the username or password for ${address}.`
            : `The server refused ${address}: ${answer.text ?? answer.condition}.`,
          [`SASL PLAIN: ${answer.condition}${answer.text ? ` (${answer.text})` : ''}`],
          context,
        ),
        jid: undefined,
      };
    }
    await stream.open();
    const jid = await stream.bind(RESOURCE);
    return { outcome: passed(`Signed in as ${address}.`, [`Bound ${jid}`]), jid };
  } catch (error) {
    return {
      outcome: failed(causeOfError(error), `Signing in as ${address} failed.`, [messageOf(error)], context),
      jid: undefined,
    };
  }
}

/** Step 6: a ping to the server over the signed-in session, and how long the answer took. */
export async function checkRoundTrip(
  deps: ProbeDeps,
  domain: string,
  stream: XmppProbeStream,
): Promise<Outcome> {
  try {
    const latencyMs = Math.round(await stream.ping());
    return passed(`The server answered in ${latencyMs} ms.`, [`XEP-0199 ping to ${domain}`], latencyMs);
  } catch (error) {
    return failed(
      'round_trip_failed',
      'The server did not answer a ping.',
      [messageOf(error)],
      deps.fixContext(domain),
    );
  }
}
