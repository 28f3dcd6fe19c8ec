/**
 * The contract between the IM server, which meters usage, and billing, which rates it: neither area
 * may import the other, so both take these types from here.
 */

/** Usage in the IM server's own units for one host and hour: messages routed (a counter) or bytes stored (a snapshot). */
export interface UsageReport {
  hostId: string;
  metric: 'messages' | 'storage_bytes';
  /** Any instant in the hour the usage belongs to (the meter sends the hour's start). */
  at: Date;
  quantity: number;
}

/** One flush of the meter. Its key is unique, so a batch delivered twice counts once. */
export interface UsageBatch {
  key: string;
  reports: readonly UsageReport[];
}
