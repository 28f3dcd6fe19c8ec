import { useMemo } from 'react';
import type { GetData } from '../../api/views';
import { formatInstant } from '../date-time';
import { TimeSeriesChart, type ChartSeries } from './time-series-chart';

export type HostMetrics = GetData<'/api/v1/hosts/{id}/metrics'>;
export type MetricRange = HostMetrics['range'];

const RANGES: { value: MetricRange; label: string }[] = [
  { value: '24h', label: '24 hours' },
  { value: '7d', label: '7 days' },
  { value: '30d', label: '30 days' },
];

const COLORS = {
  blue: '#1d4ed8',
  green: '#166534',
  red: '#b42318',
  orange: '#8a4b08',
  purple: '#6d28d9',
  grey: '#4a5565',
};

const count = (value: number) => String(Math.round(value));
const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;
const milliseconds = (value: number) => `${Math.round(value)} ms`;
const units = ['B', 'KB', 'MB', 'GB', 'TB'];
export function formatBytes(value: number): string {
  let size = value;
  let unit = 0;
  while (size >= 1024 && unit < units.length - 1) {
    size /= 1024;
    unit++;
  }
  return `${size >= 10 || unit === 0 ? Math.round(size) : size.toFixed(1)} ${units[unit]}`;
}

/** The range buttons above the charts. */
export function RangePicker({ range, onChange }: { range: MetricRange; onChange(range: MetricRange): void }) {
  return (
    <div className="segmented" role="group" aria-label="Time range">
      {RANGES.map((option) => (
        <button
          key={option.value}
          type="button"
          aria-pressed={range === option.value}
          onClick={() => onChange(option.value)}
        >
          {option.label}
        </button>
      ))}
    </div>
  );
}

const failedOf = (figures: HostMetrics['totals']) =>
  figures.loginsFailed.wrongPassword +
  figures.loginsFailed.disabled +
  figures.loginsFailed.suspended +
  figures.loginsFailed.throttled;

/** Sessions, logins, messages, delivery latency and storage over the range, with the same figures as a table. */
export function MetricsCharts({ metrics }: { metrics: HostMetrics }) {
  const { points, totals } = metrics;
  const charts = useMemo(() => {
    const times = points.map((point) => point.at);
    const pick = (read: (point: HostMetrics['points'][number]) => number | null) => points.map(read);
    const line = (
      label: string,
      color: string,
      read: (point: HostMetrics['points'][number]) => number | null,
    ) => ({ label, color, values: pick(read) }) satisfies ChartSeries;
    return {
      times,
      people: [
        line('Connected sessions', COLORS.blue, (p) => p.sessions),
        line('Active members', COLORS.green, (p) => p.activeMembers),
      ],
      logins: [
        line('Succeeded', COLORS.green, (p) => p.loginsSucceeded),
        line('Wrong password', COLORS.red, (p) => p.loginsFailed.wrongPassword),
        line(
          'Disabled or suspended',
          COLORS.orange,
          (p) => p.loginsFailed.disabled + p.loginsFailed.suspended,
        ),
        line('Throttled', COLORS.purple, (p) => p.loginsFailed.throttled),
      ],
      messages: [line('Messages', COLORS.blue, (p) => p.messages)],
      latency: [
        line('Median (p50)', COLORS.blue, (p) => p.latencyP50Ms),
        line('Slowest 1% (p99)', COLORS.red, (p) => p.latencyP99Ms),
      ],
      storage: [line('Uploaded files', COLORS.grey, (p) => p.uploadBytes)],
    };
  }, [points]);

  return (
    <>
      <div className="chart-grid">
        <TimeSeriesChart
          title="Sessions and active members"
          summary={`At the peak, ${plural(totals.sessions, 'connected session')} and ${plural(totals.activeMembers, 'active member')}.`}
          times={charts.times}
          series={charts.people}
          formatValue={count}
          isCount
        />
        <TimeSeriesChart
          title="Logins"
          summary={`${plural(totals.loginsSucceeded, 'login')} succeeded and ${failedOf(totals)} failed: ${totals.loginsFailed.wrongPassword} wrong password, ${totals.loginsFailed.disabled} disabled member, ${totals.loginsFailed.suspended} suspended host, ${totals.loginsFailed.throttled} throttled.`}
          times={charts.times}
          series={charts.logins}
          formatValue={count}
          isCount
        />
        <TimeSeriesChart
          title="Messages"
          summary={`${plural(totals.messages, 'message')} sent.`}
          times={charts.times}
          series={charts.messages}
          formatValue={count}
          isCount
        />
        <TimeSeriesChart
          title="Delivery time on the server"
          summary={
            totals.latencyP50Ms === null
              ? 'No messages were delivered.'
              : `Half of all messages were delivered within ${totals.latencyP50Ms} ms, 99% within ${totals.latencyP99Ms} ms.`
          }
          times={charts.times}
          series={charts.latency}
          formatValue={milliseconds}
        />
        <TimeSeriesChart
          title="Upload storage"
          summary={
            totals.uploadBytes === null
              ? 'Not measured yet.'
              : `${formatBytes(totals.uploadBytes)} of uploaded files at the last measurement.`
          }
          times={charts.times}
          series={charts.storage}
          formatValue={formatBytes}
        />
      </div>
      <MetricsTable metrics={metrics} />
    </>
  );
}

/** The chart's figures as text, for screen readers and for copying: only the steps with something in them. */
function MetricsTable({ metrics }: { metrics: HostMetrics }) {
  const busy = metrics.points.filter(
    (point) => point.sessions > 0 || point.messages > 0 || point.loginsSucceeded > 0 || failedOf(point) > 0,
  );
  return (
    <details className="chart-table">
      <summary>Show the figures as a table ({busy.length} periods with activity)</summary>
      <div className="table-wrap">
        <table className="table">
          <thead>
            <tr>
              <th scope="col">From</th>
              <th scope="col">Sessions</th>
              <th scope="col">Active members</th>
              <th scope="col">Logins</th>
              <th scope="col">Failed logins</th>
              <th scope="col">Messages</th>
              <th scope="col">Delivery p50 / p99</th>
            </tr>
          </thead>
          <tbody>
            {busy.map((point) => (
              <tr key={point.at}>
                <td>
                  <time dateTime={point.at}>{formatInstant(point.at, { withTime: true })}</time>
                </td>
                <td>{point.sessions}</td>
                <td>{point.activeMembers}</td>
                <td>{point.loginsSucceeded}</td>
                <td>{failedOf(point)}</td>
                <td>{point.messages}</td>
                <td>
                  {point.latencyP50Ms === null ? '—' : `${point.latencyP50Ms} / ${point.latencyP99Ms} ms`}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </details>
  );
}
