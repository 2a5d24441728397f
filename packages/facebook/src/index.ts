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
