import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { decideStatus } from './subscription-status.js';

const settings = { suspendAfterDays: 14, terminateAfterDays: 60 };
const now = new Date('2026-03-01T00:00:00Z');
const daysAgo = (d: number) => new Date(now.getTime() - d * 86_400_000).toISOString();

describe('subscription status', () => {
  it('walks trial → active → past_due → suspended → terminated by facts', () => {
    const base = { current: 'active' as const, now, trialEndsAt: null, isFirstInvoiceOpen: false, settings };
    assert.equal(
      decideStatus({
        ...base,
        current: 'trial',
        trialEndsAt: '2026-03-05T00:00:00Z',
        oldestOverdueDueAt: null,
      }),
      'trial',
    );
    assert.equal(
      decideStatus({ ...base, current: 'trial', trialEndsAt: daysAgo(1), oldestOverdueDueAt: null }),
      'active',
    );
    assert.equal(decideStatus({ ...base, oldestOverdueDueAt: daysAgo(3) }), 'past_due');
    assert.equal(decideStatus({ ...base, oldestOverdueDueAt: daysAgo(14) }), 'suspended');
    assert.equal(decideStatus({ ...base, oldestOverdueDueAt: daysAgo(60) }), 'terminated');
  });

  it('returns to active as soon as nothing is overdue, and never revives an ended subscription', () => {
    assert.equal(
      decideStatus({
        current: 'suspended',
        now,
        trialEndsAt: null,
        oldestOverdueDueAt: null,
        isFirstInvoiceOpen: false,
        settings,
      }),
      'active',
    );
    assert.equal(
      decideStatus({
        current: 'cancelled',
        now,
        trialEndsAt: null,
        isFirstInvoiceOpen: false,
        oldestOverdueDueAt: daysAgo(90),
        settings,
      }),
      'cancelled',
    );
  });

  it('keeps a subscription started without a trial incomplete until its first invoice is paid', () => {
    const base = { current: 'incomplete' as const, now, trialEndsAt: null, settings };
    assert.equal(decideStatus({ ...base, oldestOverdueDueAt: null, isFirstInvoiceOpen: true }), 'incomplete');
    assert.equal(decideStatus({ ...base, oldestOverdueDueAt: null, isFirstInvoiceOpen: false }), 'active');
    assert.equal(
      decideStatus({ ...base, oldestOverdueDueAt: daysAgo(1), isFirstInvoiceOpen: true }),
      'past_due',
    );
  });
});
