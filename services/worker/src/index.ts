export {
  alertsFor,
  processImage,
  type ProcessImageDependencies,
  type ProcessImageResult,
} from './process-image.js';
export { floodGuardPolicy } from './flood-guard.js';
export { startImageWorker } from './image-worker.js';
export { classifyImageFailure, type ImageFailureClass } from './image-failures.js';
