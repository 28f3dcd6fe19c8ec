import type { BillingCycleEntry } from '../../api/views';
import { Day, Period } from './billing-dates';
import { Money } from './money';

/** The coming cycles: what each one covers, when it is invoiced and charged, and how much. */
export function CycleTimeline({
  cycles,
  planName,
  timeZone,
}: {
  cycles: BillingCycleEntry[];
  planName(planId: string): string;
  timeZone: string;
}) {
  if (cycles.length === 0) return <p className="muted">No more cycles are coming.</p>;
  return (
    <div className="table-wrap">
      <table className="table">
        <caption className="visually-hidden">Coming billing cycles</caption>
        <thead>
          <tr>
            <th scope="col">Period</th>
            <th scope="col">Plan</th>
            <th scope="col">Invoiced on</th>
            <th scope="col">Charged on</th>
            <th scope="col" className="num">
              Amount
            </th>
          </tr>
        </thead>
        <tbody>
          {cycles.map((cycle) => (
            <tr key={cycle.periodStart}>
              <td>
                <Period start={cycle.periodStart} end={cycle.periodEnd} timeZone={timeZone} />
              </td>
              <td>
                {planName(cycle.planId)} <span className="cell-secondary">({cycle.cycle})</span>
              </td>
              <td>
                <Day value={cycle.issueAt} timeZone={timeZone} />
              </td>
              <td>
                <Day value={cycle.dueAt} timeZone={timeZone} />
              </td>
              <td className="num">
                <Money amount={cycle.total} currency={cycle.currency} />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
