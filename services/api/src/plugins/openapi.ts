import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import fp from 'fastify-plugin';
import { jsonSchemaTransform, jsonSchemaTransformObject } from 'fastify-type-provider-zod';
import { documentationPrefix } from '../authorization/route-policies.js';

/**
 * The OpenAPI 3 document, generated from the routes' zod schemas (so it cannot drift from what
 * the API validates), at /docs/json, with the interactive page at /docs.
 */
export const openApi = fp(
  async (app) => {
    await app.register(swagger, {
      openapi: {
        openapi: '3.1.0',
        info: {
          title: 'LeakWatch API',
          version: '0.1.0',
          description:
            'Giám sát lộ lọt tài liệu nội bộ trên mạng xã hội — leak monitoring for internal documents. Errors are RFC 9457 problem+json with stable codes (docs/errors.md).',
        },
        servers: [{ url: app.deps.config.api.publicUrl }],
        components: {
          securitySchemes: {
            session: { type: 'apiKey', in: 'cookie', name: 'lw_session' },
            token: { type: 'http', scheme: 'bearer', description: 'API token (lwt_…)' },
          },
        },
      },
      transform: jsonSchemaTransform,
      transformObject: jsonSchemaTransformObject,
    });
    await app.register(swaggerUi, { routePrefix: documentationPrefix });
  },
  { name: 'leakwatch-openapi' },
);
