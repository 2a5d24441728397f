import { describe, expect, it } from 'vitest';
import { isLeakWatchError } from '@leakwatch/errors';
import {
  checkHandlers,
  jobs,
  processImageJob,
  validatePayload,
  type HandlerRegistration,
} from '../src/index.js';

const done = () => Promise.resolve({ status: 'done' as const });

describe('checkHandlers', () => {
  it('accepts exactly one handler per job of the queue', () => {
    expect(() => {
      checkHandlers('images', [{ name: 'process-image', handle: done }]);
    }).not.toThrow();
  });

  it('refuses a queue whose job has no handler', () => {
    expect(() => {
      checkHandlers('images', []);
    }).toThrow(expect.objectContaining({ code: 'LW_QUEUE_HANDLER_MISSING' }) as Error);
  });

  it('refuses two handlers for one job', () => {
    const handlers: HandlerRegistration[] = [
      { name: 'process-image', handle: done },
      { name: 'process-image', handle: done },
    ];
    expect(() => {
      checkHandlers('images', handlers);
    }).toThrow(expect.objectContaining({ code: 'LW_QUEUE_HANDLER_DUPLICATE' }) as Error);
  });

  it('refuses a handler for a job another queue carries', () => {
    expect(() => {
      checkHandlers('images', [
        { name: 'process-image', handle: done },
        { name: 'deliver-notification', handle: done },
      ]);
    }).toThrow(expect.objectContaining({ code: 'LW_QUEUE_HANDLER_MISSING' }) as Error);
  });
});

describe('job definitions', () => {
  it('derive ids without ":" from the payload', () => {
    const id = processImageJob.jobId({ imageId: '0c1e5f6a-1a2b-4c3d-8e9f-001122334455' });
    expect(id).toBe('process-image-0c1e5f6a-1a2b-4c3d-8e9f-001122334455');
    for (const job of Object.values(jobs)) expect(job.name).not.toContain(':');
  });

  it('reject invalid payloads with every problem named', () => {
    let caught: unknown;
    try {
      validatePayload('crawl-source', { sourceId: 'nope', reason: 'whim', slot: -1 });
    } catch (error) {
      caught = error;
    }
    expect(isLeakWatchError(caught, 'LW_QUEUE_PAYLOAD_INVALID')).toBe(true);
    const message = (caught as Error).message;
    expect(message).toContain('sourceId');
    expect(message).toContain('reason');
    expect(message).toContain('slot');
  });
});
