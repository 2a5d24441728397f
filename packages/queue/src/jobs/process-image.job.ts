import { z } from 'zod';
import { defineJob, standardRetry } from '../define-job.js';

export const processImagePayload = z.object({
  imageId: z.uuid(),
});

/** Fingerprint, OCR and match one stored image; one job per distinct image content. */
export const processImageJob = defineJob({
  name: 'process-image',
  queue: 'images',
  payload: processImagePayload,
  jobId: (payload) => `process-image-${payload.imageId}`,
  defaults: standardRetry,
});
