import type { MatchReport } from './image-matcher.js';

/**
 * What a verdict looks like to operators and integrations — the `match --json` line and the
 * API's answer share it, so the field names are one interface. Personal data appears only as
 * kinds and counts, never values.
 */
export function matchReportView(report: MatchReport) {
  return {
    verdict: report.verdict,
    matches: report.matches.map((match) => ({
      documentId: match.documentId,
      title: match.title,
      page: match.page,
      score: match.score,
      signals: { rules: match.rules, ...match.signals },
      region: match.region,
    })),
    findings: report.findings.map(({ kind, count }) => ({ kind, count })),
    suppressed: report.suppressed,
    seconds: Math.round(report.seconds * 1000) / 1000,
    sha256: report.sha256,
    risk: report.risk,
  };
}

export type MatchReportView = ReturnType<typeof matchReportView>;
