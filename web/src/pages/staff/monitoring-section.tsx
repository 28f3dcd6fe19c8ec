import { useState } from 'react';
import { Link } from 'react-router';
import type { GetData } from '../../api/views';
import {
  formatBytes,
  MetricsCharts,
  RangePicker,
  type MetricRange,
} from '../../components/charts/metrics-charts';
import { DataView } from '../../components/states';
import { useApiData } from '../../hooks/use-api-data';

type StaffMonitoring = GetData<'/api/v1/admin/monitoring'>;

const percent = (share: number) => `${Math.round(share * 1000) / 10}%`;
const plural = (n: number, one: string) => `${n} ${n === 1 ? one : `${one}s`}`;

function duration(seconds: number): string {
  const days = Math.floor(seconds / 86_400);
  const hours = Math.floor((seconds % 86_400) / 3600);
  const minutes = Math.floor((seconds % 3600) / 60);
  return days > 0 ? `${days} d ${hours} h` : hours > 0 ? `${hours} h ${minutes} min` : `${minutes} min`;
}

/** Every host together, the busiest hosts with their failed-login rates, and this node's process. */
export function StaffMonitoringSection() {
  const [range, setRange] = useState<MetricRange>('24h');
  const monitoring = useApiData('/api/v1/admin/monitoring', { params: { query: { range } } });
  return (
    <DataView state={monitoring} onRetry={monitoring.reload}>
      {(data) => (
        <>
          <section className="panel" aria-labelledby="all-hosts-title">
            <div className="panel-header">
              <h2 id="all-hosts-title">All hosts</h2>
              <RangePicker range={range} onChange={setRange} />
            </div>
            <MetricsCharts metrics={data.metrics} />
          </section>
          <BusiestHosts hosts={data.busiestHosts} />
          <ProcessSection process={data.process} />
        </>
      )}
    </DataView>
  );
}

function BusiestHosts({ hosts }: { hosts: StaffMonitoring['busiestHosts'] }) {
  return (
    <section className="panel" aria-labelledby="busiest-title">
      <h2 id="busiest-title">Busiest hosts</h2>
      {hosts.length === 0 ? (
        <p className="muted">No host had any activity in this range.</p>
      ) : (
        <ol className="stacked-list">
          {hosts.map((host) => (
            <li key={host.hostId}>
              <Link to={`/hosts/${host.hostId}`} className="cell-primary">
                {host.domain}
              </Link>
              <dl className="facts">
                <dt>Messages</dt>
                <dd>{plural(host.messages, 'message')}</dd>
                <dt>Peak</dt>
                <dd>{plural(host.peakSessions, 'session')}</dd>
                <dt>Logins</dt>
                <dd>
                  {plural(host.loginsSucceeded, 'login')} succeeded, {host.loginsFailed} failed (
                  {percent(host.failedLoginRate)})
                </dd>
              </dl>
            </li>
          ))}
        </ol>
      )}
    </section>
  );
}

function ProcessSection({ process }: { process: StaffMonitoring['process'] }) {
  return (
    <section className="panel" aria-labelledby="process-title">
      <h2 id="process-title">This node ({process.nodeId})</h2>
      <dl className="facts">
        <dt>Up for</dt>
        <dd>{duration(process.uptimeSeconds)}</dd>
        <dt>CPU</dt>
        <dd>
          {process.cpuPercent}% of one core on average ({process.cpuSeconds} s)
        </dd>
        <dt>Memory</dt>
        <dd>
          {formatBytes(process.rssBytes)} resident, heap {formatBytes(process.heapUsedBytes)} of{' '}
          {formatBytes(process.heapTotalBytes)}
        </dd>
        <dt>Event-loop delay</dt>
        <dd>
          median {process.eventLoopDelayP50Ms} ms, p99 {process.eventLoopDelayP99Ms} ms, worst{' '}
          {process.eventLoopDelayMaxMs} ms
        </dd>
      </dl>
    </section>
  );
}
