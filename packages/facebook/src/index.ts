export { balancedJsonObjects, extractJsonDocuments } from './json-documents.js';
export { cdnKey, imageKindOf, isProfileOrUiImage } from './cdn.js';
export {
  findStories,
  keepLargest,
  storyToPost,
  type ParsedImage,
  type ParsedPost,
} from './stories.js';
export { parseFacebookBody, type ParsedResponse } from './parse-facebook.js';
export {
  parseSourceUrl,
  type SourceKind,
  type SourceTarget,
  type SourceUrlResult,
} from './source-url.js';
export {
  classifyPermalinkAnswer,
  describesUnavailableContent,
  type PermalinkAnswer,
  type PermalinkVerdict,
  type PermalinkWall,
} from './permalink-answer.js';
