/**
 * "Is it slow, or is it always like this?": this check's round trip next to the host's own normal,
 * the server-side delivery time of its messages over the last day against the week's. Pure.
 */
import type { PerformanceView } from './views.js';

/** The host's delivery figures over a span, as monitoring keeps them. */
export interface DeliveryFigures {
  messages: number;
  p50Ms: number | null;
  p99Ms: number | null;
}

/** Fewer messages than this in a day say nothing about its tail. */
export const MIN_MESSAGES = 20;
/** A day whose p99 is this many times the week's (and at least SLOWER_BY_MS more) is slower than usual. */
export const SLOWER_FACTOR = 2;
export const SLOWER_BY_MS = 50;

export function comparePerformance(
  roundTripMs: number | null,
  day: DeliveryFigures,
  week: DeliveryFigures,
): PerformanceView {
  const base = {
    roundTripMs,
    deliveryP50Ms: day.p50Ms,
    deliveryP99Ms: day.p99Ms,
    usualDeliveryP50Ms: week.p50Ms,
    usualDeliveryP99Ms: week.p99Ms,
    messagesLastDay: day.messages,
  };
  const trip = roundTripMs === null ? '' : `This check's ping took ${roundTripMs} ms. `;
  if (day.messages < MIN_MESSAGES || day.p99Ms === null || week.p99Ms === null)
    return {
      ...base,
      status: 'unknown',
      summary: `${trip}Too few messages in the last 24 hours (${day.messages}) to compare delivery times with this host's normal.`,
    };
  const figures = `Over the last 24 hours the server delivered messages in ${day.p50Ms} ms (median) and ${day.p99Ms} ms (slowest 1%); over the last 7 days, ${week.p50Ms} ms and ${week.p99Ms} ms.`;
  if (day.p99Ms >= Math.max(week.p99Ms * SLOWER_FACTOR, week.p99Ms + SLOWER_BY_MS))
    return {
      ...base,
      status: 'slower',
      summary: `${trip}${figures} Delivery is slower than this host's normal; if members notice it, attach this report to a support ticket.`,
    };
  return { ...base, status: 'normal', summary: `${trip}${figures} That is this host's normal.` };
}
