/**
 * Prometheus metrics (prom-client) for one running product. Each instance owns its registry instead
 * of prom-client's global one, so several apps can live in one test process without their counters
 * clashing. Areas declare their own metrics through `counter`/`gauge`/`histogram`; declaring the
 * same name twice returns the metric already registered, so a module set up twice does not throw.
 */
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics, type Metric } from 'prom-client';

export interface MetricSpec<L extends string> {
  name: string;
  help: string;
  labelNames?: readonly L[];
}

export interface HistogramSpec<L extends string> extends MetricSpec<L> {
  /** Upper bounds in the metric's unit; prom-client's defaults suit durations in seconds. */
  buckets?: number[];
}

export interface Metrics {
  readonly contentType: string;
  counter<L extends string = string>(spec: MetricSpec<L>): Counter<L>;
  gauge<L extends string = string>(spec: MetricSpec<L>): Gauge<L>;
  histogram<L extends string = string>(spec: HistogramSpec<L>): Histogram<L>;
  /** Called once per HTTP response; `route` is the route pattern, never the raw URL. */
  observeHttpRequest(labels: { method: string; route: string; status: number }, seconds: number): void;
  render(): Promise<string>;
}

type MetricClass = typeof Counter | typeof Gauge | typeof Histogram;

export function createMetrics(): Metrics {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });

  function declare<M extends Metric>(kind: MetricClass, spec: MetricSpec<string>, build: () => M): M {
    const existing = registry.getSingleMetric(spec.name);
    if (existing) {
      if (!(existing instanceof kind))
        throw new Error(`metric ${spec.name} is already declared as another type`);
      return existing as M;
    }
    return build();
  }

  const metrics: Metrics = {
    contentType: registry.contentType,
    counter: (spec) =>
      declare(
        Counter,
        spec,
        () => new Counter({ ...spec, labelNames: spec.labelNames ?? [], registers: [registry] }),
      ),
    gauge: (spec) =>
      declare(
        Gauge,
        spec,
        () => new Gauge({ ...spec, labelNames: spec.labelNames ?? [], registers: [registry] }),
      ),
    histogram: (spec) =>
      declare(
        Histogram,
        spec,
        () => new Histogram({ ...spec, labelNames: spec.labelNames ?? [], registers: [registry] }),
      ),
    observeHttpRequest(labels, seconds) {
      const values = { method: labels.method, route: labels.route, status: String(labels.status) };
      httpRequests.inc(values);
      httpDuration.observe(values, seconds);
    },
    render: () => registry.metrics(),
  };

  const httpRequests = metrics.counter({
    name: 'imhost_http_requests_total',
    help: 'HTTP requests answered, by method, route pattern and status.',
    labelNames: ['method', 'route', 'status'],
  });
  const httpDuration = metrics.histogram({
    name: 'imhost_http_request_duration_seconds',
    help: 'Time from receiving an HTTP request to sending the response.',
    labelNames: ['method', 'route', 'status'],
  });
  return metrics;
}
