import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { createLogger } from '@leakwatch/observability';
import { useTestQueue } from '@leakwatch/testkit';
import { bullQueueProbe, Metrics, serveMetrics } from '../src/index.js';

const testQueue = useTestQueue();
const log = createLogger({ name: 'metrics-test', level: 'silent' });

/** The value of the sample with exactly these labels, whatever their order in the text. */
function sample(body: string, name: string, labels: string): number | undefined {
  const wanted = labels.split(',').sort().join(',');
  for (const line of body.split('\n')) {
    const match = /^([a-z_]+)\{([^}]*)\} (\S+)$/.exec(line);
    if (match?.[1] === name && match[2]?.split(',').sort().join(',') === wanted)
      return Number(match[3]);
  }
  return undefined;
}

describe('metrics', () => {
  it('reads queue depth and the oldest job age live, and serves them over HTTP', async () => {
    const { client } = testQueue();
    const metrics = new Metrics('worker');
    metrics.watchQueue(bullQueueProbe(client.queue('images')));
    await client.enqueue('process-image', { imageId: randomUUID() });
    await new Promise((resolve) => setTimeout(resolve, 1_100));
    await client.enqueue('process-image', { imageId: randomUUID() });
    metrics.jobs.inc({ queue: 'images', job: 'process-image', outcome: 'done' });
    metrics.stageSeconds.observe({ stage: 'ocr' }, 2.5);
    metrics.alertsCreated.inc({ kind: 'match' });

    const server = await serveMetrics(metrics, { host: '127.0.0.1', port: 0, log });
    try {
      const response = await fetch(server.url);
      expect(response.status).toBe(200);
      expect(response.headers.get('content-type')).toContain('text/plain');
      const body = await response.text();
      expect(
        sample(body, 'leakwatch_queue_jobs', 'service="worker",queue="images",state="waiting"'),
      ).toBe(2);
      // The first job waited longer than the second: the age is the oldest one's.
      const age = sample(
        body,
        'leakwatch_queue_oldest_waiting_seconds',
        'service="worker",queue="images"',
      );
      expect(age).toBeGreaterThanOrEqual(1);
      expect(age).toBeLessThan(60);
      expect(
        sample(
          body,
          'leakwatch_jobs_total',
          'service="worker",queue="images",job="process-image",outcome="done"',
        ),
      ).toBe(1);
      expect(
        sample(
          body,
          'leakwatch_stage_duration_seconds_bucket',
          'service="worker",le="5",stage="ocr"',
        ),
      ).toBe(1);
      expect(
        sample(
          body,
          'leakwatch_stage_duration_seconds_bucket',
          'service="worker",le="1",stage="ocr"',
        ),
      ).toBe(0);
      expect(body).toContain('leakwatch_process_resident_memory_bytes');
      expect((await fetch(server.url.replace('/metrics', '/other'))).status).toBe(404);
    } finally {
      await server.close();
    }
  });
});
