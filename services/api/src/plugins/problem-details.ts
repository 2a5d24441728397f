import type { FastifyError } from 'fastify';
import fp from 'fastify-plugin';
import { hasZodFastifySchemaValidationErrors } from 'fastify-type-provider-zod';
import { isDatabaseUnavailable } from '@leakwatch/db';
import { isLeakWatchError, LeakWatchError } from '@leakwatch/errors';
import { problemFor, type Problem } from '../http/problem.js';

/** Fastify's own client errors, as LeakWatch codes. */
const fastifyCodes: Record<string, LeakWatchError['code']> = {
  FST_ERR_CTP_BODY_TOO_LARGE: 'LW_REQUEST_TOO_LARGE',
  FST_ERR_CTP_INVALID_MEDIA_TYPE: 'LW_UNSUPPORTED_MEDIA_TYPE',
};

/**
 * The `Retry-After` of a 503 while PostgreSQL is unreachable (a restart, a fail-over). Nothing
 * needs restarting afterwards: the pool opens new connections at the next request.
 */
export const databaseRetryAfterSeconds = 5;

/**
 * Every error leaves as RFC 9457 problem+json with a stable code and the request id. A 5xx says
 * nothing about its cause: the details go to the log under the same request id.
 */
export const problemDetails = fp(
  (app) => {
    app.setErrorHandler((error: FastifyError, request, reply) => {
      let problem: Problem;
      if (!(isLeakWatchError(error) && error.status < 500) && isDatabaseUnavailable(error)) {
        // The driver's reason goes to the log; the client only learns that it is temporary.
        request.log.error({ err: error }, 'request failed: the database is unavailable');
        problem = problemFor(
          'LW_SERVICE_UNAVAILABLE',
          new LeakWatchError('LW_SERVICE_UNAVAILABLE', { params: { service: 'The database' } })
            .message,
        );
        void reply.header('retry-after', String(databaseRetryAfterSeconds));
      } else if (isLeakWatchError(error)) {
        if (error.status >= 500) request.log.error({ err: error }, 'request failed');
        problem = problemFor(error.code, error.message, {
          ...(error.details === undefined ? {} : { details: error.details }),
        });
        if (
          typeof error.details === 'object' &&
          error.details &&
          'retryAfterSeconds' in error.details
        )
          void reply.header('retry-after', String(error.details.retryAfterSeconds));
      } else if (hasZodFastifySchemaValidationErrors(error)) {
        const errors = error.validation.map((issue) => ({
          where: `${error.validationContext ?? 'body'}${issue.instancePath}`,
          message: issue.message,
        }));
        problem = problemFor(
          'LW_VALIDATION_FAILED',
          `The input is invalid: ${errors.map((e) => `${e.where}: ${e.message}`).join('; ')}`,
          { errors },
        );
      } else if (fastifyCodes[error.code] !== undefined) {
        const code = fastifyCodes[error.code] ?? 'LW_VALIDATION_FAILED';
        problem = problemFor(
          code,
          code === 'LW_UNSUPPORTED_MEDIA_TYPE'
            ? `Unsupported content type: ${request.headers['content-type'] ?? 'none'}`
            : new LeakWatchError(code).message,
        );
      } else if (
        typeof error.statusCode === 'number' &&
        error.statusCode >= 400 &&
        error.statusCode < 500
      ) {
        problem = problemFor('LW_VALIDATION_FAILED', error.message);
      } else {
        request.log.error({ err: error }, 'request failed');
        problem = problemFor(
          'LW_INTERNAL',
          'An internal error occurred; the request id identifies it in the server log',
        );
      }
      return reply
        .code(problem.status)
        .type('application/problem+json')
        .send({ ...problem, requestId: request.id });
    });

    app.setNotFoundHandler((request, reply) =>
      reply
        .code(404)
        .type('application/problem+json')
        .send({
          ...problemFor(
            'LW_NOT_FOUND',
            `${request.method} ${request.url.split('?')[0] ?? ''} was not found`,
          ),
          requestId: request.id,
        }),
    );
    return Promise.resolve();
  },
  { name: 'leakwatch-problem-details' },
);
