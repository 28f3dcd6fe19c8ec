import { useEffect, useId, useRef } from 'react';
import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';

export interface ChartSeries {
  label: string;
  /** One value per time; null where there is none (no delivery, so no latency). */
  values: (number | null)[];
  color: string;
}

const HEIGHT = 200;
const COUNT_INCREMENTS = [1, 2, 5, 10, 20, 50, 100, 200, 500, 1000, 2000, 5000, 10_000, 100_000, 1_000_000];

/**
 * A line chart of a few series over time, drawn by uPlot on a canvas that fills its container
 * (so it fits a phone). The canvas is hidden from assistive technology: the figure's caption,
 * the summary and the table under it carry the same figures as text.
 */
export function TimeSeriesChart({
  title,
  summary,
  times,
  series,
  formatValue,
  isCount = false,
}: {
  title: string;
  /** One sentence with what the chart shows, read out in place of the drawing. */
  summary: string;
  /** ISO instants, one per point. */
  times: string[];
  series: ChartSeries[];
  formatValue: (value: number) => string;
  /** Whole numbers only: the axis never shows ticks between them. */
  isCount?: boolean;
}) {
  const container = useRef<HTMLDivElement>(null);
  const titleId = useId();
  const summaryId = useId();

  useEffect(() => {
    const element = container.current;
    if (!element) return;
    const data: uPlot.AlignedData = [
      times.map((time) => Date.parse(time) / 1000),
      ...series.map((line) => line.values),
    ];
    const plot = new uPlot(
      {
        width: Math.max(200, element.clientWidth),
        height: HEIGHT,
        legend: { show: false },
        cursor: { drag: { x: false, y: false } },
        scales: { y: { range: (_plot, _min, max) => [0, Math.max(1, max) * 1.1] } },
        axes: [
          { stroke: '#4a5565', grid: { stroke: '#e5e8ed' } },
          {
            stroke: '#4a5565',
            grid: { stroke: '#e5e8ed' },
            size: 64,
            ...(isCount && { incrs: COUNT_INCREMENTS }),
            values: (_plot, ticks) => ticks.map((tick) => formatValue(tick)),
          },
        ],
        series: [
          {},
          ...series.map((line) => ({ label: line.label, stroke: line.color, width: 2, spanGaps: false })),
        ],
      },
      data,
      element,
    );
    const observer = new ResizeObserver(() =>
      plot.setSize({ width: Math.max(200, element.clientWidth), height: HEIGHT }),
    );
    observer.observe(element);
    return () => {
      observer.disconnect();
      plot.destroy();
    };
  }, [times, series, formatValue, isCount]);

  return (
    <figure className="chart" aria-labelledby={titleId} aria-describedby={summaryId}>
      <figcaption id={titleId} className="chart-title">
        {title}
      </figcaption>
      <ul className="chart-legend">
        {series.map((line) => (
          <li key={line.label}>
            <span className="chart-swatch" style={{ background: line.color }} aria-hidden="true" />
            {line.label}
          </li>
        ))}
      </ul>
      <div ref={container} className="chart-canvas" aria-hidden="true" />
      <p id={summaryId} className="chart-summary">
        {summary}
      </p>
    </figure>
  );
}
