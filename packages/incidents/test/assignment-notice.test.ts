import { describe, expect, it } from 'vitest';
import {
  alertAssignmentRows,
  assignmentNeedsNotice,
  incidentAssignmentRows,
} from '../src/index.js';

const id = '0b6a3f4e-2f7c-4d55-9a57-0e0f1c2d3e4f';
const detectedAt = new Date('2026-12-01T08:00:00Z');

describe('assignment notices', () => {
  const assignee = {
    email: 'canbo@syt.lamdong.gov.vn',
    displayName: 'Lê Văn Bình',
    disabled: false,
  };

  it('are sent when someone else is given something new', () => {
    expect(assignmentNeedsNotice('u2', 'u1', null)).toBe(true);
    expect(assignmentNeedsNotice('u1', 'u1', null)).toBe(false); // took it themselves
    expect(assignmentNeedsNotice('u2', 'u1', 'u2')).toBe(false); // already theirs
    expect(assignmentNeedsNotice(null, 'u1', 'u2')).toBe(false); // unassigned
    expect(assignmentNeedsNotice(undefined, 'u1', null)).toBe(false);
  });

  it('address the assignee, one row per act, with a link to the work', () => {
    const incident = {
      id,
      title: 'Lộ lọt: Danh sách F1',
      severity: 'high',
      status: 'open',
      detectedAt,
    };
    const assignment = { assignee, assignedBy: 'Trần Thị An', actId: 'act-1' };
    const [row, ...rest] = incidentAssignmentRows(incident, assignment, 'https://lw.example/');
    expect(rest).toEqual([]);
    expect(row).toMatchObject({
      incidentId: id,
      targetId: null,
      channel: 'email',
      event: 'assigned',
      idempotencyKey: 'assigned:act-1',
      payload: {
        event: 'assigned',
        link: `https://lw.example/incidents/${id}`,
        recipients: ['canbo@syt.lamdong.gov.vn'],
        incident: { id, title: 'Lộ lọt: Danh sách F1', detectedAt: detectedAt.toISOString() },
        assignment: { kind: 'incident', assigneeName: 'Lê Văn Bình', assignedBy: 'Trần Thị An' },
      },
    });
    const alerts = alertAssignmentRows(
      [{ dedupKey: 'match:page-1' }, { dedupKey: 'match:page-1' }],
      ['Danh sách F1'],
      { ...assignment, actId: 'act-2' },
      'https://lw.example',
    );
    expect(alerts).toEqual([
      expect.objectContaining({
        incidentId: null,
        idempotencyKey: 'assigned:act-2',
        payload: expect.objectContaining({
          link: 'https://lw.example/alerts?dedupKey=match%3Apage-1',
          assignment: expect.objectContaining({ kind: 'alerts', alerts: 2 }) as unknown,
        }) as unknown,
      }),
    ]);
    expect(
      alertAssignmentRows([], [], { ...assignment, actId: 'act-3' }, 'https://lw.example'),
    ).toEqual([]);
    expect(
      incidentAssignmentRows(
        incident,
        { ...assignment, assignee: { ...assignee, disabled: true } },
        'https://lw.example',
      ),
    ).toEqual([]);
  });
});
