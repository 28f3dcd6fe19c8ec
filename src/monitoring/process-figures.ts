/**
 * This node's own figures for the staff page: CPU, memory, event-loop delay and uptime. They
 * describe the running process, not the product's time, so they read the process and not the clock.
 */
import { monitorEventLoopDelay, type IntervalHistogram } from 'node:perf_hooks';

export interface ProcessFigures {
  nodeId: string;
  uptimeSeconds: number;
  /** CPU time used since start, as a share of one core over the uptime. */
  cpuPercent: number;
  cpuSeconds: number;
  rssBytes: number;
  heapUsedBytes: number;
  heapTotalBytes: number;
  eventLoopDelayP50Ms: number;
  eventLoopDelayP99Ms: number;
  eventLoopDelayMaxMs: number;
}

const NS_PER_MS = 1e6;

/** Starts sampling the event loop (every 20 ms); the figures cover the time since the last reading. */
export function createProcessProbe(nodeId: string): { read(): ProcessFigures; stop(): void } {
  const delay: IntervalHistogram = monitorEventLoopDelay({ resolution: 20 });
  delay.enable();
  return {
    read() {
      const uptimeSeconds = process.uptime();
      const cpu = process.cpuUsage();
      const cpuSeconds = (cpu.user + cpu.system) / 1e6;
      const memory = process.memoryUsage();
      const figures: ProcessFigures = {
        nodeId,
        uptimeSeconds: Math.round(uptimeSeconds),
        cpuPercent: uptimeSeconds > 0 ? Math.round((cpuSeconds / uptimeSeconds) * 1000) / 10 : 0,
        cpuSeconds: Math.round(cpuSeconds * 10) / 10,
        rssBytes: memory.rss,
        heapUsedBytes: memory.heapUsed,
        heapTotalBytes: memory.heapTotal,
        eventLoopDelayP50Ms: delay.count > 0 ? Math.round(delay.percentile(50) / NS_PER_MS) : 0,
        eventLoopDelayP99Ms: delay.count > 0 ? Math.round(delay.percentile(99) / NS_PER_MS) : 0,
        eventLoopDelayMaxMs: delay.count > 0 ? Math.round(delay.max / NS_PER_MS) : 0,
      };
      delay.reset();
      return figures;
    },
    stop: () => delay.disable(),
  };
}
