export const incidentStatuses = [
  'open',
  'reported',
  'takedown_requested',
  'removed',
  'closed',
] as const;
export type IncidentStatus = (typeof incidentStatuses)[number];

/**
 * The incident's life: reported to the departments, takedown asked of the platform, content
 * gone, closed with a resolution. Steps may be skipped forward (a post deleted before anyone
 * reported it); going back is allowed one step where reality can regress (the content came
 * back: removed → takedown_requested); a closed incident can be reopened.
 */
const allowed: Record<IncidentStatus, readonly IncidentStatus[]> = {
  open: ['reported', 'takedown_requested', 'removed', 'closed'],
  reported: ['takedown_requested', 'removed', 'closed'],
  takedown_requested: ['removed', 'closed'],
  removed: ['takedown_requested', 'closed'],
  closed: ['open'],
};

export type TransitionCheck = { ok: true } | { ok: false; reason: string };

export function checkTransition(
  from: IncidentStatus,
  to: IncidentStatus,
  details: { resolution?: string | null } = {},
): TransitionCheck {
  if (from === to) return { ok: false, reason: `the incident is already ${to}` };
  if (!allowed[from].includes(to))
    return { ok: false, reason: `an incident cannot go from ${from} to ${to}` };
  if (to === 'closed' && !details.resolution?.trim())
    return { ok: false, reason: 'closing an incident needs a resolution' };
  return { ok: true };
}
