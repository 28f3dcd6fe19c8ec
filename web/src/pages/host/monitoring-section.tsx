import { useState } from 'react';
import { MetricsCharts, RangePicker, type MetricRange } from '../../components/charts/metrics-charts';
import { DataView } from '../../components/states';
import { useApiData } from '../../hooks/use-api-data';

/** The host's sessions, logins, messages, delivery time and storage over a day, a week or a month. */
export function MonitoringSection({ hostId }: { hostId: string }) {
  const [range, setRange] = useState<MetricRange>('24h');
  const metrics = useApiData('/api/v1/hosts/{id}/metrics', {
    params: { path: { id: hostId }, query: { range } },
  });
  return (
    <section className="panel" aria-labelledby="monitoring-title">
      <div className="panel-header">
        <h2 id="monitoring-title">Activity</h2>
        <RangePicker range={range} onChange={setRange} />
      </div>
      <DataView state={metrics} onRetry={metrics.reload}>
        {(data) => <MetricsCharts metrics={data} />}
      </DataView>
    </section>
  );
}
