export { distance256, parseHexHash, PdqIndex, type PdqHit } from './pdq-index.js';
export {
  decide,
  defaultThresholds,
  scoreCandidate,
  type CandidateEvidence,
  type Decision,
  type DecisionThresholds,
  type GeometryEvidence,
  type Point,
  type ScoredCandidate,
  type Signal,
  type TextEvidence,
} from './decide.js';
export {
  ImageMatcher,
  nearIdenticalPdqDistance,
  type ImageMatcherOptions,
  type MatchedPage,
  type MatchReport,
  type Verdict,
} from './image-matcher.js';
export { MatcherIndex, type IndexedPage } from './matcher-index.js';
export { RegistrySync, type RegistrySyncOptions } from './registry-sync.js';
export {
  createMatcherService,
  type MatcherService,
  type MatcherServiceOptions,
} from './matcher-service.js';
export { matchReportView, type MatchReportView } from './report-view.js';
