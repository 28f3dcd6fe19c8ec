/**
 * What a host's customer sees of their host, counted in memory per host and minute: sessions,
 * logins by outcome, messages, active members and delivery latency, plus each login attempt and
 * the client a member used. A flush takes the finished minutes (or all of them, at shutdown) and
 * hands them over; the sink merges a minute written twice, so a partial minute is never lost.
 */
import type { Clock } from '../../lib/clock.js';
import {
  emptyLatencyHistogram,
  recordLatency,
  type ClientSeen,
  type HostActivityBatch,
  type LoginAttempt,
  type LoginOutcome,
} from '../../lib/host-activity.js';

const MINUTE_MS = 60_000;

interface MinuteBucket {
  hostId: string;
  minuteMs: number;
  sessions: number;
  logins: Record<LoginOutcome, number>;
  messages: number;
  members: Set<string>;
  uploadBytes: number | null;
  latency: number[];
}

export class ActivityMeter {
  private buckets = new Map<string, MinuteBucket>();
  private attempts: LoginAttempt[] = [];
  private clients: ClientSeen[] = [];
  private readonly liveSessions = new Map<string, number>();

  constructor(private readonly clock: Clock) {}

  sessionOpened(hostId: string): void {
    const live = (this.liveSessions.get(hostId) ?? 0) + 1;
    this.liveSessions.set(hostId, live);
    const bucket = this.bucketFor(hostId);
    bucket.sessions = Math.max(bucket.sessions, live);
  }

  sessionClosed(hostId: string): void {
    const live = Math.max(0, (this.liveSessions.get(hostId) ?? 0) - 1);
    if (live === 0) this.liveSessions.delete(hostId);
    else this.liveSessions.set(hostId, live);
  }

  login(hostId: string, username: string | undefined, outcome: LoginOutcome): void {
    const bucket = this.bucketFor(hostId);
    bucket.logins[outcome] += 1;
    if (username === undefined) return;
    if (outcome === 'ok') bucket.members.add(username);
    this.attempts.push({ hostId, username, outcome, at: this.clock.now() });
  }

  message(hostId: string, username: string): void {
    const bucket = this.bucketFor(hostId);
    bucket.messages += 1;
    bucket.members.add(username);
  }

  delivered(hostId: string, latencyMs: number): void {
    recordLatency(this.bucketFor(hostId).latency, latencyMs);
  }

  storageUsed(hostId: string, bytes: number): void {
    this.bucketFor(hostId).uploadBytes = bytes;
  }

  clientSeen(client: Omit<ClientSeen, 'at'>): void {
    this.clients.push({ ...client, at: this.clock.now() });
  }

  /** Hosts with connected sessions now: each gets a row every minute, even a quiet one. */
  hostsWithSessions(): string[] {
    return [...this.liveSessions.keys()];
  }

  /**
   * Takes what was counted: the minutes before the current one, or every minute with `all`. A
   * host with sessions gets its current count into the current minute first, so the series has no
   * gaps while people are connected but quiet.
   */
  take(options: { all: boolean }): HostActivityBatch {
    for (const hostId of this.hostsWithSessions()) this.bucketFor(hostId);
    const currentMinuteMs = this.minuteOf(this.clock.nowMs());
    const minutes: HostActivityBatch['minutes'] = [];
    for (const [key, bucket] of this.buckets) {
      if (!options.all && bucket.minuteMs >= currentMinuteMs) continue;
      this.buckets.delete(key);
      minutes.push({
        hostId: bucket.hostId,
        minute: new Date(bucket.minuteMs),
        sessions: bucket.sessions,
        logins: bucket.logins,
        messages: bucket.messages,
        activeMembers: bucket.members.size,
        uploadBytes: bucket.uploadBytes,
        latency: bucket.latency,
      });
    }
    const batch = { minutes, attempts: this.attempts, clients: this.clients };
    this.attempts = [];
    this.clients = [];
    return batch;
  }

  private minuteOf(ms: number): number {
    return Math.floor(ms / MINUTE_MS) * MINUTE_MS;
  }

  private bucketFor(hostId: string): MinuteBucket {
    const minuteMs = this.minuteOf(this.clock.nowMs());
    const key = `${hostId} ${minuteMs}`;
    let bucket = this.buckets.get(key);
    if (!bucket) {
      bucket = {
        hostId,
        minuteMs,
        sessions: this.liveSessions.get(hostId) ?? 0,
        logins: { ok: 0, wrong_password: 0, disabled: 0, suspended: 0, throttled: 0 },
        messages: 0,
        members: new Set(),
        uploadBytes: null,
        latency: emptyLatencyHistogram(),
      };
      this.buckets.set(key, bucket);
    }
    return bucket;
  }
}
