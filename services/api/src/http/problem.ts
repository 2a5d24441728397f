import { z } from 'zod';
import { errorCatalogue, type ErrorCode } from '@leakwatch/errors';

/** RFC 9457 problem details, as every error leaves the API. */
export const problemSchema = z
  .looseObject({
    type: z.string(),
    title: z.string(),
    status: z.number().int(),
    code: z.string(),
    detail: z.string(),
    requestId: z.string().optional(),
  })
  .meta({ id: 'Problem' });

export type Problem = z.infer<typeof problemSchema>;

export function problemFor(
  code: ErrorCode,
  detail: string,
  extra: Record<string, unknown> = {},
): Problem {
  const status = errorCatalogue[code].status;
  return {
    type: `https://leakwatch.invalid/problems/${code}`,
    title: titles[status] ?? 'Error',
    status,
    code,
    detail,
    ...extra,
  };
}

const titles: Record<number, string> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  409: 'Conflict',
  413: 'Content Too Large',
  415: 'Unsupported Media Type',
  422: 'Unprocessable Content',
  429: 'Too Many Requests',
  500: 'Internal Server Error',
  501: 'Not Implemented',
  503: 'Service Unavailable',
};

/** The error answers every route may give, for the OpenAPI document. */
export const standardProblems = {
  400: problemSchema,
  401: problemSchema,
  403: problemSchema,
  429: problemSchema,
} as const;
