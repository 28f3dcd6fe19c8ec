import { ProbeConnectError, ProbeRefusedError } from '../platform/probe/index.js';
import { advice, type FixContext } from './fixes.js';
import type { Cause, DiagnosticStep, StepName } from './views.js';

export type Outcome = Omit<DiagnosticStep, 'name' | 'title'>;

export const STEP_TITLES: Record<StepName, string> = {
  dns: 'Finding the server (DNS)',
  tcp: 'Reaching the ports',
  tls: 'Secure connection and certificate',
  stream: 'XMPP stream and features',
  login: 'Signing in',
  round_trip: 'Round trip',
};

export function passed(result: string, details: string[] = [], latencyMs: number | null = null): Outcome {
  return { status: 'passed', result, cause: null, symptom: null, fix: null, details, latencyMs };
}

function withAdvice(
  status: 'failed' | 'warning',
  cause: Cause,
  result: string,
  details: string[],
  context: FixContext,
): Outcome {
  const { symptom, fix } = advice[cause];
  return { status, result, cause, symptom, fix: fix(context), details, latencyMs: null };
}

export const failed = (cause: Cause, result: string, details: string[], context: FixContext) =>
  withAdvice('failed', cause, result, details, context);

export const warned = (cause: Cause, result: string, details: string[], context: FixContext) =>
  withAdvice('warning', cause, result, details, context);

export function skipped(reason: string): Outcome {
  return {
    status: 'skipped',
    result: reason,
    cause: null,
    symptom: null,
    fix: null,
    details: [],
    latencyMs: null,
  };
}

/** The cause a client would report for a probe that threw. */
export function causeOfError(error: unknown): Cause {
  if (error instanceof ProbeConnectError)
    return error.failure === 'refused' ? 'connection_refused' : 'connection_timed_out';
  if (error instanceof ProbeRefusedError) {
    if (error.condition === 'host-unknown' || error.condition === 'host-gone') return 'host_unknown';
    if (error.condition === 'tls-failed') return 'tls_handshake_failed';
    if (error.condition === 'refused') return 'connection_refused';
    if (error.condition === 'timed_out' || error.condition === 'unreachable') return 'connection_timed_out';
    return 'stream_refused';
  }
  return 'stream_refused';
}

export function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
