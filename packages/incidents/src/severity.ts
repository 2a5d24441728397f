export type Severity = 'low' | 'medium' | 'high' | 'critical';
export type Classification = 'thuong' | 'mat' | 'toi_mat' | 'tuyet_mat';

export interface SeverityInput {
  /** The leaked document's secrecy level (unregistered documents: `thuong`). */
  classification: Classification;
  /** Personal data seen in the leaked images: kinds and counts, never values. */
  findings: readonly { kind: string; count: number }[];
  /** Where it spread: distinct posts and distinct groups or pages it was seen in. */
  sightings: number;
  places: number;
}

const severities: readonly Severity[] = ['low', 'medium', 'high', 'critical'];
const identifierKinds = new Set(['cccd', 'cmnd', 'mobile-phone', 'landline', 'date-of-birth']);

/**
 * How serious a leak is, from what the law weighs: the document's secrecy level (state secrets
 * are critical whatever else), the personal data exposed — identifiers, and health data, which is
 * sensitive personal data under Decree 356/2025 — and how far it spread. Each point is explained
 * so an officer can see why, and override with a reason.
 */
export function computeSeverity(input: SeverityInput): { severity: Severity; reasons: string[] } {
  const reasons: string[] = [];
  if (input.classification === 'toi_mat' || input.classification === 'tuyet_mat')
    return { severity: 'critical', reasons: [`document classified ${input.classification}`] };
  let level = 0;
  if (input.classification === 'mat') {
    level += 2;
    reasons.push('document classified mat');
  }
  const count = (predicate: (kind: string) => boolean) =>
    input.findings.filter((f) => predicate(f.kind)).reduce((sum, f) => sum + f.count, 0);
  const identifiers = count((kind) => identifierKinds.has(kind));
  const health = count((kind) => kind === 'health-status');
  const people = Math.max(
    count((kind) => kind === 'person-name'),
    count((kind) => kind === 'cccd'),
  );
  if (identifiers > 0) {
    level += 1;
    reasons.push(`${identifiers} identifiers (ID, phone, date of birth) exposed`);
  }
  if (health > 0) {
    level += 1;
    reasons.push('health data (sensitive personal data) exposed');
  }
  if (people >= 10) {
    level += 1;
    reasons.push(`about ${people} persons named`);
  }
  if (input.places >= 3 || input.sightings >= 10) {
    level += 1;
    reasons.push(`seen ${input.sightings} times in ${input.places} places`);
  }
  const severity = severities[Math.min(3, Math.max(0, level - 1))] ?? 'low';
  if (reasons.length === 0) reasons.push('no personal data or spread recorded yet');
  return { severity, reasons };
}
