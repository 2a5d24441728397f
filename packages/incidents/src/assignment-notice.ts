/** Someone given work, and who gave it. */
export interface Assignment {
  assignee: { email: string; displayName: string; disabled: boolean };
  assignedBy: string | null;
  /** One act of assigning (a request): each act is told once, a repeat of it never twice. */
  actId: string;
}

/**
 * Whether an assignment is worth an e-mail: someone else was given something new. Taking work
 * oneself, clearing an assignee or assigning the same person again tells nobody anything.
 */
export function assignmentNeedsNotice(
  assigneeId: string | null | undefined,
  actorId: string | null,
  previousAssigneeId: string | null,
): assigneeId is string {
  return (
    typeof assigneeId === 'string' && assigneeId !== actorId && assigneeId !== previousAssigneeId
  );
}

interface AssignmentRow {
  incidentId: string | null;
  targetId: null;
  channel: 'email';
  event: 'assigned';
  idempotencyKey: string;
  payload: Record<string, unknown>;
}

function rowFor(
  assignment: Assignment,
  incidentId: string | null,
  link: string,
  details: Record<string, unknown>,
): AssignmentRow[] {
  // A disabled account reads no mail: nothing is queued for it.
  if (assignment.assignee.disabled) return [];
  return [
    {
      incidentId,
      targetId: null,
      channel: 'email',
      event: 'assigned',
      idempotencyKey: `assigned:${assignment.actId}`,
      payload: {
        event: 'assigned',
        link,
        recipients: [assignment.assignee.email],
        assignment: {
          assigneeName: assignment.assignee.displayName,
          assignedBy: assignment.assignedBy,
          ...details,
        },
      },
    },
  ];
}

/** The assignee's e-mail about an incident given to them (an outbox row addressed to people). */
export function incidentAssignmentRows(
  incident: { id: string; title: string; severity: string; status: string; detectedAt: Date },
  assignment: Assignment,
  publicUrl: string,
): AssignmentRow[] {
  return rowFor(
    assignment,
    incident.id,
    `${publicUrl.replace(/\/$/, '')}/incidents/${incident.id}`,
    {
      kind: 'incident',
    },
  ).map((row) => ({
    ...row,
    payload: {
      ...row.payload,
      incident: {
        id: incident.id,
        title: incident.title,
        severity: incident.severity,
        status: incident.status,
        detectedAt: incident.detectedAt.toISOString(),
      },
    },
  }));
}

/** The assignee's e-mail about alerts given to them; the link opens their group when one. */
export function alertAssignmentRows(
  alerts: readonly { dedupKey: string }[],
  documentTitles: readonly string[],
  assignment: Assignment,
  publicUrl: string,
): AssignmentRow[] {
  if (alerts.length === 0) return [];
  const groups = [...new Set(alerts.map((alert) => alert.dedupKey))];
  const base = `${publicUrl.replace(/\/$/, '')}/alerts`;
  const link =
    groups.length === 1 && groups[0] ? `${base}?dedupKey=${encodeURIComponent(groups[0])}` : base;
  return rowFor(assignment, null, link, {
    kind: 'alerts',
    alerts: alerts.length,
    documents: documentTitles.slice(0, 10),
  });
}
