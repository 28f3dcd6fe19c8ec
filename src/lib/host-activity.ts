/**
 * The contract between the IM server, which watches what a host's members do, and monitoring,
 * which keeps it as time series: neither area may import the other, so both take these types and
 * the latency histogram's math from here.
 */

/** Why a login failed, in words a customer can act on; `ok` for a login that worked. */
export const LOGIN_OUTCOMES = ['ok', 'wrong_password', 'disabled', 'suspended', 'throttled'] as const;
export type LoginOutcome = (typeof LOGIN_OUTCOMES)[number];
export type LoginFailureReason = Exclude<LoginOutcome, 'ok'>;

/**
 * Upper bounds (ms) of the delivery-latency buckets; a last bucket takes everything slower. Fixed
 * bounds let minutes, hours and nodes be merged by adding counts, and percentiles are read off the
 * merged counts (the answer is a bucket's upper bound, so it is never better than the truth).
 */
export const LATENCY_BUCKET_BOUNDS_MS = [1, 2, 5, 10, 20, 50, 100, 200, 500, 1000, 2000, 5000] as const;

/** Counts per bucket: LATENCY_BUCKET_BOUNDS_MS.length + 1 entries. */
export type LatencyHistogram = number[];

export function emptyLatencyHistogram(): LatencyHistogram {
  return new Array<number>(LATENCY_BUCKET_BOUNDS_MS.length + 1).fill(0);
}

export function recordLatency(histogram: LatencyHistogram, ms: number): void {
  let index = LATENCY_BUCKET_BOUNDS_MS.findIndex((bound) => ms <= bound);
  if (index === -1) index = LATENCY_BUCKET_BOUNDS_MS.length;
  histogram[index] = (histogram[index] ?? 0) + 1;
}

export function mergeLatency(into: LatencyHistogram, from: readonly number[]): LatencyHistogram {
  for (let i = 0; i < into.length; i++) into[i] = (into[i] ?? 0) + (from[i] ?? 0);
  return into;
}

/**
 * The q-quantile (0 < q ≤ 1) as the upper bound of the bucket that holds it; null without samples.
 * Samples past the last bound answer with twice the last bound, since the true figure is unknown.
 */
export function latencyPercentile(histogram: readonly number[], q: number): number | null {
  const total = histogram.reduce((sum, count) => sum + count, 0);
  if (total === 0) return null;
  const rank = Math.ceil(q * total);
  let seen = 0;
  for (let i = 0; i < histogram.length; i++) {
    seen += histogram[i] ?? 0;
    if (seen >= rank) return LATENCY_BUCKET_BOUNDS_MS[i] ?? 2 * LATENCY_BUCKET_BOUNDS_MS.at(-1)!;
  }
  return 2 * LATENCY_BUCKET_BOUNDS_MS.at(-1)!;
}

/** What one node saw of one host in one minute. */
export interface HostMinuteFigures {
  hostId: string;
  /** The minute's start. */
  minute: Date;
  /** Peak connected sessions. */
  sessions: number;
  logins: Record<LoginOutcome, number>;
  messages: number;
  /** Members who logged in or sent a message in the minute. */
  activeMembers: number;
  /** Bytes of uploaded files, when measured in this minute. */
  uploadBytes: number | null;
  latency: LatencyHistogram;
}

export interface LoginAttempt {
  hostId: string;
  username: string;
  outcome: LoginOutcome;
  at: Date;
}

/** The client a member signed in with: the resource at login, its XEP-0092 answer when it came. */
export interface ClientSeen {
  hostId: string;
  username: string;
  at: Date;
  resource?: string;
  software?: { name: string; version: string | null; os: string | null };
}

export interface HostActivityBatch {
  minutes: HostMinuteFigures[];
  attempts: LoginAttempt[];
  clients: ClientSeen[];
}
