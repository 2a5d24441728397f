import { detectDocumentCues, type DocumentCue } from './document-cues.js';
import type { PageText } from './ocr-text.js';
import { detectPersonalData, type Finding, type FindingKind } from './personal-data.js';

export interface SensitivityAssessment {
  /** The text reads like an official document (at least three layout cues). */
  documentLike: boolean;
  cues: DocumentCue[];
  findings: Finding[];
  /** 0..1: how likely this image leaks personal data from an official document. */
  risk: number;
  /** An official-looking document exposing identifiable people: worth an alert even unregistered. */
  sensitive: boolean;
}

const identifying: FindingKind[] = ['cccd', 'cmnd', 'mobile-phone', 'landline', 'date-of-birth'];

/**
 * Scores whether a text leaks personal data from an official document. Identifiers (ID and
 * phone numbers, dates of birth) weigh most; names and addresses add; health-status words
 * make it sensitive data under Decree 356/2025 (art. 4). Without the document cues, personal
 * data alone (a shop's hotline on a flyer) scores low.
 */
export function assessSensitivity(page: PageText): SensitivityAssessment {
  const cues = detectDocumentCues(page);
  const findings = detectPersonalData(page);
  const count = (kind: FindingKind) => findings.find((f) => f.kind === kind)?.count ?? 0;
  const identifiers = identifying.reduce((sum, kind) => sum + count(kind), 0);
  const people = count('person-name') + 0.5 * count('address');
  const exposure = 1 - Math.exp(-(identifiers * 1.5 + people * 0.5) / 4);
  const health = count('health-status') > 0 ? 1 : 0;
  const documentLike = cues.length >= 3;
  const cueShare = cues.length / 6;
  const risk = documentLike
    ? Math.min(1, 0.55 * exposure + 0.25 * health * Math.min(1, exposure * 3) + 0.2 * cueShare)
    : Math.min(1, 0.35 * exposure * (0.5 + 0.5 * health));
  return {
    documentLike,
    cues,
    findings,
    risk: Math.round(risk * 1000) / 1000,
    sensitive: documentLike && identifiers >= 2 && risk >= 0.5,
  };
}
