export {
  alertsFor,
  processImage,
  type ProcessImageDependencies,
  type ProcessImageResult,
} from './process-image.js';
export { startImageWorker } from './image-worker.js';
export { classifyImageFailure, type ImageFailureClass } from './image-failures.js';
