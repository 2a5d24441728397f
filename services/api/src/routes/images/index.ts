import type { FastifyReply } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { BlobMissingError, openBlobStore } from '@leakwatch/blob-store';
import { LeakWatchError } from '@leakwatch/errors';
import { renderPreview, type ImagePreview } from '@leakwatch/fingerprint';
import { problemSchema, standardProblems } from '../../http/problem.js';

/** Large enough to read a photographed page on a screen, small enough to load at once. */
const previewSide = 1280;
const revealedSide = 2400;

export function sendPreview(reply: FastifyReply, preview: ImagePreview, revealed: boolean) {
  return (
    reply
      .type('image/jpeg')
      // A revealed picture is not kept by the browser or anything in between.
      .header('cache-control', revealed ? 'private, no-store' : 'private, max-age=300')
      .header('x-source-width', String(preview.sourceWidth))
      .header('x-source-height', String(preview.sourceHeight))
      .send(preview.jpeg)
  );
}

/** The answer of every picture route: a JPEG, or a problem. */
export const imageBinary = {
  200: z.any().meta({ description: 'JPEG', contentMediaType: 'image/jpeg' }),
  /** The picture was deleted by the retention run (`LW_EVIDENCE_REMOVED`). */
  410: problemSchema,
  ...standardProblems,
};

/**
 * Crawled pictures for people to look at. Personal data is blurred by default; the clear
 * picture is a separate request, made when an officer chooses to reveal it, and audited.
 * Both are re-encoded previews (oriented, metadata dropped), never the stored bytes: those
 * leave only in an evidence package.
 */
export const imageRoutes: FastifyPluginAsyncZod = (app) => {
  const { repos, config } = app.deps;
  const blobs = openBlobStore(config.blobs);

  async function preview(id: string, revealed: boolean): Promise<ImagePreview> {
    const image = await repos.crawlResults.imageById(id);
    if (!image) throw new LeakWatchError('LW_NOT_FOUND', { params: { what: 'The image' } });
    if (image.blobRemovedAt)
      throw new LeakWatchError('LW_EVIDENCE_REMOVED', {
        params: {
          what: 'The image file',
          removedAt: image.blobRemovedAt.toISOString().slice(0, 10),
        },
      });
    const bytes = await blobs.get(image.blobKey).catch((error: unknown) => {
      // Removed by retention, or never stored (a failed download): gone, not a server fault.
      if (error instanceof BlobMissingError)
        throw new LeakWatchError('LW_NOT_FOUND', {
          params: { what: 'The image file' },
          cause: error,
        });
      throw error;
    });
    return renderPreview(bytes, {
      maxSide: revealed ? revealedSide : previewSide,
      blurred: !revealed,
    });
  }

  app.get(
    '/:id/preview',
    {
      schema: {
        tags: ['evidence'],
        summary: 'A crawled image, blurred so no personal data is legible',
        params: z.object({ id: z.uuid() }),
        response: imageBinary,
      },
    },
    async (request, reply) => sendPreview(reply, await preview(request.params.id, false), false),
  );

  app.get(
    '/:id/revealed',
    {
      schema: {
        tags: ['evidence'],
        summary: 'A crawled image in clear (audited as a reveal of personal data)',
        params: z.object({ id: z.uuid() }),
        response: imageBinary,
      },
    },
    async (request, reply) => {
      const rendered = await preview(request.params.id, true);
      await request.audit({
        action: 'evidence.revealed',
        targetType: 'image',
        targetId: request.params.id,
        details: {},
      });
      return sendPreview(reply, rendered, true);
    },
  );
  return Promise.resolve();
};
