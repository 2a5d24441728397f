import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { LeakWatchError } from '@leakwatch/errors';
import { createLogger } from '@leakwatch/observability';
import { useTestQueue } from '@leakwatch/testkit';
import { DeadLetters, startWorker } from '../src/index.js';

const testQueue = useTestQueue();
const log = createLogger({ name: 'dead-letter-test', level: 'silent' });

describe('dead letters', () => {
  it('files permanent failures at once and transient ones when retries run out; retry re-runs the job', async () => {
    const { client, prefix, workerConnection, producer } = testQueue();
    const broken = randomUUID();
    const flaky = randomUUID();
    let healed = false;
    const runs = new Map<string, number>();
    const worker = startWorker({
      queue: 'images',
      prefix,
      connection: workerConnection(),
      log,
      classifyFailure: (error) =>
        error instanceof LeakWatchError
          ? { failure: 'undecodable', permanent: true }
          : { failure: 'timeout', permanent: false },
      handlers: [
        {
          name: 'process-image',
          handle: ({ imageId }) => {
            runs.set(imageId, (runs.get(imageId) ?? 0) + 1);
            if (imageId === broken)
              throw new LeakWatchError('LW_IMAGE_UNDECODABLE', { params: { reason: 'truncated' } });
            if (!healed) throw new Error('OCR did not answer');
            return Promise.resolve({ status: 'done' });
          },
        },
      ],
    });
    const letters = new DeadLetters(producer, prefix);
    try {
      await client.enqueue('process-image', { imageId: broken });
      // Two attempts a few milliseconds apart, then the dead letters.
      await client
        .queue('images')
        .add(
          'process-image',
          { imageId: flaky },
          { jobId: `process-image-${flaky}`, attempts: 2, backoff: { type: 'fixed', delay: 10 } },
        );
      await expect.poll(() => letters.count(), { timeout: 15_000 }).toBe(2);
      const listed = await letters.list({ queue: 'images' });
      const byImage = new Map(listed.map((letter) => [letter.data['imageId'], letter]));
      expect(byImage.get(broken)).toMatchObject({
        queue: 'images',
        job: 'process-image',
        jobId: `process-image-${broken}`,
        failure: 'undecodable',
        attempts: 1,
        reason: expect.stringContaining('LW_IMAGE_UNDECODABLE') as unknown,
      });
      expect(byImage.get(flaky)).toMatchObject({ failure: 'timeout', attempts: 2 });
      expect(runs.get(broken)).toBe(1);
      expect(runs.get(flaky)).toBe(2);

      // The cause is fixed; an operator retries: the original job runs again and completes.
      healed = true;
      const flakyLetter = byImage.get(flaky);
      expect(await letters.retry(flakyLetter?.id ?? '')).toBe('retried');
      await expect
        .poll(async () =>
          (await client.queue('images').getJob(`process-image-${flaky}`))?.getState(),
        )
        .toBe('completed');
      expect(await letters.get(flakyLetter?.id ?? '')).toBeUndefined();
      expect(await letters.discard(byImage.get(broken)?.id ?? '')).toBe(true);
      expect(await letters.count()).toBe(0);
      expect(await letters.retry('dead-images-nothing')).toBe('not-found');
    } finally {
      await worker.close();
      await letters.close();
    }
  });
});
