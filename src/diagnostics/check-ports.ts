import { probeTcp } from '../platform/probe/index.js';
import type { ProbeDeps } from './diagnostics-deps.js';
import type { Endpoint } from './find-endpoints.js';
import { causeOfError, failed, messageOf, passed, warned, type Outcome } from './step-outcomes.js';

/** Step 2: a TCP connection to every endpoint the records name. */
export async function checkPorts(
  deps: ProbeDeps,
  domain: string,
  endpoints: Endpoint[],
): Promise<{ outcome: Outcome; reachable: Endpoint[] }> {
  const results = await Promise.all(
    endpoints.map(async (endpoint) => {
      try {
        await probeTcp(endpoint.address, endpoint.port, deps.timeoutMs);
        return { endpoint, error: undefined };
      } catch (error) {
        return { endpoint, error };
      }
    }),
  );
  const details = results.map(({ endpoint, error }) =>
    error === undefined
      ? `${endpoint.target} (${endpoint.address}) port ${endpoint.port}: open`
      : `${endpoint.target} (${endpoint.address}) port ${endpoint.port}: ${messageOf(error)}`,
  );
  const reachable = results.filter((r) => r.error === undefined).map((r) => r.endpoint);
  const firstFailure = results.find((r) => r.error !== undefined);
  const context = deps.fixContext(domain);
  if (!firstFailure) return { outcome: passed('Every port answers.', details), reachable };
  const cause = causeOfError(firstFailure.error);
  if (reachable.length === 0)
    return { outcome: failed(cause, 'No port of the server answers.', details, context), reachable };
  return {
    outcome: warned(cause, 'Some ports do not answer; apps that use them cannot connect.', details, context),
    reachable,
  };
}
