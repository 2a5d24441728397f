import { describe, expect, it } from 'vitest';
import {
  decideBlobRetention,
  isDocumentPastRetention,
  retentionCutoffs,
  type BlobRetentionFacts,
} from '../src/index.js';

const settings = { unmatchedDays: 30, closedIncidentDays: 365 };
const now = new Date('2026-06-15T02:00:00Z');
const daysAgo = (days: number) => new Date(now.getTime() - days * 86_400_000);

function facts(partial: Partial<BlobRetentionFacts>): BlobRetentionFacts {
  return {
    holds: [],
    lastCapturedAt: daysAgo(400),
    lastDismissedAt: null,
    lastIncidentClosedAt: null,
    ...partial,
  };
}

describe('captures that never led to anything', () => {
  it('are due once the unmatched period has passed since the last capture', () => {
    expect(decideBlobRetention(facts({ lastCapturedAt: daysAgo(31) }), settings, now)).toEqual({
      outcome: 'due',
      category: 'unmatched',
      dueAt: daysAgo(1),
    });
    // The period's last moment counts as passed.
    expect(
      decideBlobRetention(facts({ lastCapturedAt: daysAgo(30) }), settings, now),
    ).toMatchObject({ outcome: 'due' });
  });

  it('are kept while the period runs, and say until when', () => {
    expect(decideBlobRetention(facts({ lastCapturedAt: daysAgo(29) }), settings, now)).toEqual({
      outcome: 'kept',
      category: 'unmatched',
      dueAt: new Date(daysAgo(29).getTime() + 30 * 86_400_000),
    });
  });

  it('count from a dismissal made after the capture', () => {
    const decision = decideBlobRetention(
      facts({ lastCapturedAt: daysAgo(90), lastDismissedAt: daysAgo(10) }),
      settings,
      now,
    );
    expect(decision).toMatchObject({ outcome: 'kept', category: 'unmatched' });
  });
});

describe('blobs shared by several rows (one content address)', () => {
  it('keeps an image seen in a dismissed post while it also backs an open incident', () => {
    // The dismissed post alone would make it due; the open incident holds it.
    const decision = decideBlobRetention(
      facts({ lastDismissedAt: daysAgo(200), holds: ['open_incident'] }),
      settings,
      now,
    );
    expect(decision).toEqual({ outcome: 'held', heldBy: ['open_incident'] });
  });

  it('keeps a blob while any alert on it waits for a decision or its image waits for the worker', () => {
    for (const hold of ['undecided_alert', 'image_not_processed'] as const)
      expect(decideBlobRetention(facts({ holds: [hold] }), settings, now)).toEqual({
        outcome: 'held',
        heldBy: [hold],
      });
  });

  it('lets the closed-incident period govern a blob also in a dismissed post', () => {
    const longClosed = decideBlobRetention(
      facts({ lastDismissedAt: daysAgo(500), lastIncidentClosedAt: daysAgo(366) }),
      settings,
      now,
    );
    expect(longClosed).toEqual({
      outcome: 'due',
      category: 'closed_incident',
      dueAt: daysAgo(1),
    });
    const recentlyClosed = decideBlobRetention(
      facts({ lastDismissedAt: daysAgo(500), lastIncidentClosedAt: daysAgo(100) }),
      settings,
      now,
    );
    expect(recentlyClosed).toEqual({
      outcome: 'kept',
      category: 'closed_incident',
      dueAt: new Date(daysAgo(100).getTime() + 365 * 86_400_000),
    });
  });

  it('keeps evidence of a long-closed incident captured again recently for the unmatched period', () => {
    // The same image posted again yesterday: its new capture is kept like any other.
    const decision = decideBlobRetention(
      facts({ lastCapturedAt: daysAgo(1), lastIncidentClosedAt: daysAgo(700) }),
      settings,
      now,
    );
    expect(decision).toEqual({
      outcome: 'kept',
      category: 'closed_incident',
      dueAt: new Date(daysAgo(1).getTime() + 30 * 86_400_000),
    });
  });

  it('waits for the longer of the two periods when the closed-incident one is shorter', () => {
    const shortClosed = { unmatchedDays: 30, closedIncidentDays: 7 };
    expect(
      decideBlobRetention(
        facts({ lastCapturedAt: daysAgo(20), lastIncidentClosedAt: daysAgo(10) }),
        shortClosed,
        now,
      ),
    ).toMatchObject({ outcome: 'kept', dueAt: new Date(daysAgo(20).getTime() + 30 * 86_400_000) });
  });
});

describe('cutoffs for the database', () => {
  it('select exactly what the decision calls due', () => {
    const cutoffs = retentionCutoffs(settings, now);
    const offsets = [0, 1, 29, 30, 31, 364, 365, 366, 1000];
    for (const captured of offsets)
      for (const dismissed of [null, ...offsets])
        for (const closed of [null, ...offsets]) {
          const blob = facts({
            lastCapturedAt: daysAgo(captured),
            lastDismissedAt: dismissed === null ? null : daysAgo(dismissed),
            lastIncidentClosedAt: closed === null ? null : daysAgo(closed),
          });
          const bySql =
            blob.lastCapturedAt <= cutoffs.unmatchedBefore &&
            (blob.lastDismissedAt === null || blob.lastDismissedAt <= cutoffs.unmatchedBefore) &&
            (blob.lastIncidentClosedAt === null ||
              blob.lastIncidentClosedAt <= cutoffs.incidentClosedBefore);
          expect(decideBlobRetention(blob, settings, now).outcome === 'due').toBe(bySql);
        }
  });
});

describe('registered documents', () => {
  it('are past retention from midnight in Vietnam after their last day', () => {
    expect(isDocumentPastRetention('2026-03-10', new Date('2026-03-10T16:59:59Z'))).toBe(false);
    expect(isDocumentPastRetention('2026-03-10', new Date('2026-03-10T17:00:00Z'))).toBe(true);
    expect(isDocumentPastRetention(null, new Date('2099-01-01T00:00:00Z'))).toBe(false);
    expect(retentionCutoffs(settings, new Date('2026-03-10T17:00:00Z'))).toMatchObject({
      documentsRetainedBefore: '2026-03-11',
    });
  });
});
