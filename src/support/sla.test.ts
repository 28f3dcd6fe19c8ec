import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { initialDueTimes, needsWarning, slaAfterStatusChange, slaView, type SlaFields } from './sla.js';

const target = { firstResponseMinutes: 60, resolutionMinutes: 600 };
const created = '2026-01-15T10:00:00.000Z';

function fresh(): SlaFields {
  return {
    created_at: created,
    ...initialDueTimes(created, target),
    first_responded_at: null,
    sla_paused_at: null,
    resolved_at: null,
  };
}

describe('SLA timers', () => {
  it('sets due times from the priority targets', () => {
    const t = fresh();
    assert.equal(t.first_response_due_at, '2026-01-15T11:00:00.000Z');
    assert.equal(t.resolution_due_at, '2026-01-15T20:00:00.000Z');
  });

  it('warns in the last quarter of the target and reports a breach after it', () => {
    const t = fresh();
    assert.equal(slaView(t, target, '2026-01-15T10:30:00.000Z').firstResponse.state, 'ok');
    const warn = slaView(t, target, '2026-01-15T10:50:00.000Z');
    assert.equal(warn.firstResponse.state, 'warning');
    assert.equal(warn.firstResponse.minutesLeft, 10);
    assert.ok(needsWarning(warn));
    assert.equal(slaView(t, target, '2026-01-15T11:01:00.000Z').firstResponse.state, 'breached');
  });

  it('a first response in time is met and stays met', () => {
    const t = { ...fresh(), first_responded_at: '2026-01-15T10:20:00.000Z' };
    assert.equal(slaView(t, target, '2026-01-16T00:00:00.000Z').firstResponse.state, 'met');
  });

  it('pauses while waiting on the customer and moves the due times out by the pause', () => {
    const t = { ...fresh(), first_responded_at: '2026-01-15T10:10:00.000Z' };
    const paused = {
      ...t,
      ...slaAfterStatusChange(t, 'open', 'waiting_on_customer', '2026-01-15T11:00:00.000Z'),
    };
    assert.equal(paused.sla_paused_at, '2026-01-15T11:00:00.000Z');
    // Three days later the ticket is still within its resolution target, because the clock stood still.
    assert.equal(slaView(paused, target, '2026-01-18T11:00:00.000Z').resolution.state, 'paused');
    const resumed = {
      ...paused,
      ...slaAfterStatusChange(paused, 'waiting_on_customer', 'customer_reply', '2026-01-18T11:00:00.000Z'),
    };
    assert.equal(resumed.sla_paused_at, null);
    assert.equal(resumed.resolution_due_at, '2026-01-18T20:00:00.000Z');
    assert.equal(resumed.first_response_due_at, t.first_response_due_at, 'a met first response is not moved');
    assert.equal(slaView(resumed, target, '2026-01-18T12:00:00.000Z').resolution.state, 'ok');
  });

  it('a ticket resolved while paused is judged by when its clock stopped', () => {
    const t = {
      ...fresh(),
      first_responded_at: '2026-01-15T10:10:00.000Z',
      sla_paused_at: '2026-01-15T11:00:00.000Z',
      resolved_at: '2026-01-22T11:00:00.000Z',
    };
    assert.equal(slaView(t, target, '2026-01-23T00:00:00.000Z').resolution.state, 'met');
    assert.equal(
      slaView({ ...t, sla_paused_at: null }, target, '2026-01-23T00:00:00.000Z').resolution.state,
      'breached',
    );
  });

  it('moving between running statuses changes nothing', () => {
    const t = fresh();
    assert.deepEqual(slaAfterStatusChange(t, 'open', 'in_progress', '2026-01-15T10:30:00.000Z'), {
      first_response_due_at: t.first_response_due_at,
      resolution_due_at: t.resolution_due_at,
      sla_paused_at: null,
    });
  });
});
