/**
 * Where a loaded server's delivery tail comes from, measured inside the imhost bench server while
 * one phase runs: how late the event loop's timers fire (`monitorEventLoopDelay`, i.e. how long
 * turns block), the GC pauses V8 reports, and each batch of archive rows (its channel in
 * archive-writer.ts). Summed up as a line the bench prints next to the delivery percentiles.
 */
import diagnostics from 'node:diagnostics_channel';
import {
  constants,
  monitorEventLoopDelay,
  PerformanceObserver,
  type PerformanceEntry,
} from 'node:perf_hooks';

export interface TailSummary {
  eventLoopDelayMs: { p50: number; p99: number; max: number };
  /** By kind: scavenge (young generation), mark-compact (old), incremental marking, weak callbacks. */
  gc: Record<string, { count: number; totalMs: number; maxMs: number }>;
  archive: { batches: number; rows: number; totalMs: number; maxMs: number };
  wallMs: number;
}

const GC_KINDS: Record<number, string> = {
  [constants.NODE_PERFORMANCE_GC_MINOR]: 'scavenge',
  [constants.NODE_PERFORMANCE_GC_MAJOR]: 'mark-compact',
  [constants.NODE_PERFORMANCE_GC_INCREMENTAL]: 'incremental',
  [constants.NODE_PERFORMANCE_GC_WEAKCB]: 'weak callbacks',
};

/** Starts measuring; the returned function stops and sums up. */
export function startTailDiagnostics(): () => TailSummary {
  const started = performance.now();
  const delay = monitorEventLoopDelay({ resolution: 1 });
  delay.enable();
  const gc: TailSummary['gc'] = {};
  const observer = new PerformanceObserver((list) => {
    for (const entry of list.getEntries()) {
      const { detail } = entry as PerformanceEntry & { detail?: { kind: number } };
      const kind = GC_KINDS[detail?.kind ?? -1] ?? 'other';
      const sum = (gc[kind] ??= { count: 0, totalMs: 0, maxMs: 0 });
      sum.count++;
      sum.totalMs += entry.duration;
      sum.maxMs = Math.max(sum.maxMs, entry.duration);
    }
  });
  observer.observe({ entryTypes: ['gc'] });
  const archive = { batches: 0, rows: 0, totalMs: 0, maxMs: 0 };
  const onBatch = (message: unknown) => {
    const { rows, ms } = message as { rows: number; ms: number };
    archive.batches++;
    archive.rows += rows;
    archive.totalMs += ms;
    archive.maxMs = Math.max(archive.maxMs, ms);
  };
  diagnostics.subscribe('imhost.xmpp.archive.batch', onBatch);
  return () => {
    delay.disable();
    observer.disconnect();
    diagnostics.unsubscribe('imhost.xmpp.archive.batch', onBatch);
    const ms = (ns: number) => ns / 1e6;
    return {
      eventLoopDelayMs: { p50: ms(delay.percentile(50)), p99: ms(delay.percentile(99)), max: ms(delay.max) },
      gc,
      archive,
      wallMs: performance.now() - started,
    };
  };
}

export function describeTail(summary: TailSummary): string {
  const f = (n: number) => n.toFixed(1);
  const { eventLoopDelayMs: d, archive: a } = summary;
  const gc = Object.entries(summary.gc)
    .map(([kind, g]) => `${kind} ${g.count}× (${f(g.totalMs)} ms, max ${f(g.maxMs)})`)
    .join(', ');
  const archive =
    a.batches === 0
      ? 'no archive batches'
      : `archive ${a.batches} batches of ${Math.round(a.rows / a.batches)} rows (${f(a.totalMs)} ms from first statement to commit in all, max ${f(a.maxMs)})`;
  return `server during the phase (${f(summary.wallMs / 1000)} s): event-loop delay p50 ${f(d.p50)} ms, p99 ${f(d.p99)} ms, max ${f(d.max)} ms; GC ${gc || 'none'}; ${archive}`;
}
