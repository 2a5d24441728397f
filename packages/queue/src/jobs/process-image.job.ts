import { z } from 'zod';
import { defineJob, standardRetry } from '../define-job.js';

export const processImagePayload = z.object({
  imageId: z.uuid(),
});

/**
 * Fingerprint, OCR and match one stored image; one job per distinct image content.
 *
 * Eight attempts, 2 s doubling: the last one starts about 4 min 14 s after the first (2 + 4 +
 * … + 128 s). Every step of the job needs PostgreSQL, so a database restart or fail-over
 * fails every image in flight; `standardRetry`'s five attempts span only 30 s (2 + 4 + 8 + 16)
 * and a 30 s outage (issue 12) would send those images to the dead letters.
 */
export const processImageJob = defineJob({
  name: 'process-image',
  queue: 'images',
  payload: processImagePayload,
  jobId: (payload) => `process-image-${payload.imageId}`,
  defaults: { ...standardRetry, attempts: 8 },
});
