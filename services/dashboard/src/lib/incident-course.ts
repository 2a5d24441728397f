import type { IncidentStatus } from '../api/types.js';

/**
 * Where an incident may go from each status: the API's rule (packages/incidents
 * incident-status.ts), repeated here only to offer the right buttons; the API still decides.
 */
const moves: Readonly<Record<IncidentStatus, readonly IncidentStatus[]>> = {
  open: ['reported', 'takedown_requested', 'removed', 'closed'],
  reported: ['takedown_requested', 'removed', 'closed'],
  takedown_requested: ['removed', 'closed'],
  removed: ['takedown_requested', 'closed'],
  closed: ['open'],
};

/** The usual next step first, then the other allowed moves (skipping ahead, closing). */
export function movesFrom(status: IncidentStatus): readonly IncidentStatus[] {
  return moves[status];
}

export function usualNextStep(status: IncidentStatus): IncidentStatus {
  const [first] = moves[status];
  if (!first) throw new Error(`no move from ${status}`);
  return first;
}

/** Closing needs a resolution of at least three characters (the API's rule). */
export function resolutionProblem(to: IncidentStatus, resolution: string): 'needed' | null {
  return to === 'closed' && resolution.trim().length < 3 ? 'needed' : null;
}

export interface SpreadPoint {
  at: number;
  posts: number;
}

/**
 * The spread over time as a step line: the running count of posts by when each was first
 * seen (posted time when Facebook gave it), plus a last point at `now` so the line reaches
 * the present.
 */
export function spreadSeries(
  sightings: readonly { postedAt: string | null; firstSeenAt: string }[],
  now: number,
): SpreadPoint[] {
  const times = sightings
    .map((sighting) => Date.parse(sighting.postedAt ?? sighting.firstSeenAt))
    .filter((time) => Number.isFinite(time))
    .sort((a, b) => a - b);
  const points = times.map((at, index) => ({ at, posts: index + 1 }));
  const last = points.at(-1);
  if (last && now > last.at) points.push({ at: now, posts: last.posts });
  return points;
}

/** The series as an SVG path in a width×height box (time across, posts up), or null when flat. */
export function spreadPath(
  points: readonly SpreadPoint[],
  width: number,
  height: number,
): string | null {
  const first = points[0];
  const last = points.at(-1);
  if (!first || !last || points.length < 2 || last.at === first.at) return null;
  const most = Math.max(...points.map((point) => point.posts));
  const x = (at: number) => ((at - first.at) / (last.at - first.at)) * width;
  const y = (posts: number) => height - (posts / most) * height;
  let path = `M${x(first.at).toFixed(1)},${height} V${y(first.posts).toFixed(1)}`;
  for (const point of points.slice(1))
    path += ` H${x(point.at).toFixed(1)} V${y(point.posts).toFixed(1)}`;
  return path;
}
