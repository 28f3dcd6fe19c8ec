import type { RatingModel, Tier } from './math/rating.js';

export type UsageMetric = 'active_members' | 'messages' | 'storage_gb';
export const USAGE_METRICS: readonly UsageMetric[] = ['active_members', 'messages', 'storage_gb'];

/** Counters add up over a period; snapshots bill their peak. */
export const METRIC_MODE: Record<UsageMetric, 'add' | 'max'> = {
  active_members: 'max',
  messages: 'add',
  storage_gb: 'max',
};

export const METRIC_LABEL: Record<UsageMetric, string> = {
  active_members: 'Monthly active members',
  messages: 'Messages',
  storage_gb: 'Storage (GB)',
};

export interface MeteredCharge {
  metric: UsageMetric;
  model: RatingModel;
  tiers: Tier[];
}

export function parseMetered(json: string): MeteredCharge[] {
  return JSON.parse(json) as MeteredCharge[];
}
