import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { LeakWatchError } from '@leakwatch/errors';
import { renderPreview } from '@leakwatch/fingerprint';
import { decryptThumbnail } from '@leakwatch/registry';
import { loadSecrets } from '@leakwatch/runtime';
import { imageBinary, sendPreview } from '../images/index.js';

const pageParams = z.object({ id: z.uuid(), pageNumber: z.coerce.number().int().min(1) });

/**
 * A registered page's reviewer thumbnail (sealed at rest), shown beside a match. Like crawled
 * images it is blurred unless the officer chooses to reveal it, and a reveal is audited.
 */
export const documentPageRoutes: FastifyPluginAsyncZod = (app) => {
  const { repos, config } = app.deps;
  let secrets: ReturnType<typeof loadSecrets> | undefined;

  async function thumbnail(documentId: string, pageNumber: number, revealed: boolean) {
    const page = (await repos.documents.pagesOf(documentId)).find(
      (candidate) => candidate.pageNumber === pageNumber,
    );
    if (!page?.thumbnailCiphertext || !page.thumbnailKeyId) {
      const removedAt = page && (await repos.documents.findById(documentId))?.contentRemovedAt;
      if (removedAt)
        throw new LeakWatchError('LW_EVIDENCE_REMOVED', {
          params: { what: 'The page thumbnail', removedAt: removedAt.toISOString().slice(0, 10) },
        });
      throw new LeakWatchError('LW_NOT_FOUND', { params: { what: 'The page thumbnail' } });
    }
    const keys = (await (secrets ??= loadSecrets(config))).thumbnailKeys;
    const plain = decryptThumbnail(page.thumbnailCiphertext, page.thumbnailKeyId, keys);
    return renderPreview(plain, { maxSide: 960, blurred: !revealed });
  }

  app.get(
    '/:id/pages/:pageNumber/thumbnail',
    {
      schema: {
        tags: ['documents'],
        summary: "A registered page's reviewer thumbnail, blurred",
        params: pageParams,
        response: imageBinary,
      },
    },
    async (request, reply) =>
      sendPreview(
        reply,
        await thumbnail(request.params.id, request.params.pageNumber, false),
        false,
      ),
  );

  app.get(
    '/:id/pages/:pageNumber/thumbnail/revealed',
    {
      schema: {
        tags: ['documents'],
        summary: "A registered page's reviewer thumbnail in clear (audited)",
        params: pageParams,
        response: imageBinary,
      },
    },
    async (request, reply) => {
      const rendered = await thumbnail(request.params.id, request.params.pageNumber, true);
      await request.audit({
        action: 'document.page_revealed',
        targetType: 'document',
        targetId: request.params.id,
        details: { page: request.params.pageNumber },
      });
      return sendPreview(reply, rendered, true);
    },
  );
  return Promise.resolve();
};
