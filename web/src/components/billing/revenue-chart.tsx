import { formatMoney } from './money';

const width = 640;
const height = 220;
const margin = { top: 16, right: 12, bottom: 28, left: 12 };

/**
 * Revenue by month for one currency as an SVG bar chart. Bar heights are the only place amounts become
 * fractions, and only as pixels; the labels and the table beside it show the exact amounts.
 */
export function RevenueChart({
  months,
  currency,
}: {
  months: { month: string; amount: number }[];
  currency: string;
}) {
  const largest = Math.max(1, ...months.map((entry) => entry.amount));
  const plotHeight = height - margin.top - margin.bottom;
  const slot = (width - margin.left - margin.right) / Math.max(1, months.length);
  const barWidth = Math.min(48, slot * 0.7);
  const summary = months.map((entry) => `${entry.month}: ${formatMoney(entry.amount, currency)}`).join(', ');
  return (
    <svg
      className="revenue-chart"
      viewBox={`0 0 ${width} ${height}`}
      role="img"
      aria-label={`Revenue by month in ${currency}: ${summary}`}
    >
      <line
        x1={margin.left}
        x2={width - margin.right}
        y1={height - margin.bottom}
        y2={height - margin.bottom}
        className="chart-axis"
      />
      {months.map((entry, index) => {
        const barHeight = (Math.max(0, entry.amount) / largest) * plotHeight;
        const x = margin.left + index * slot + (slot - barWidth) / 2;
        const y = height - margin.bottom - barHeight;
        return (
          <g key={entry.month}>
            <rect x={x} y={y} width={barWidth} height={barHeight} className="chart-bar" rx={2} />
            <text x={x + barWidth / 2} y={height - margin.bottom + 16} className="chart-label">
              {entry.month}
            </text>
            <text x={x + barWidth / 2} y={Math.max(12, y - 4)} className="chart-value">
              {formatMoney(entry.amount, currency)}
            </text>
          </g>
        );
      })}
    </svg>
  );
}
