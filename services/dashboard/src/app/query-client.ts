import { QueryCache, QueryClient } from '@tanstack/react-query';
import { ApiError } from '../api/problem.js';

export const sessionQueryKey = ['session'] as const;

/**
 * Refusals are answers, not glitches: only failures without a 4xx answer are retried. A 401
 * anywhere means the session ended, so the app returns to the sign-in page.
 */
export function createQueryClient(): QueryClient {
  const client: QueryClient = new QueryClient({
    queryCache: new QueryCache({
      onError: (error, query) => {
        if (
          error instanceof ApiError &&
          error.status === 401 &&
          query.queryKey[0] !== sessionQueryKey[0]
        )
          client.setQueryData(sessionQueryKey, null);
      },
    }),
    defaultOptions: {
      queries: {
        staleTime: 15_000,
        retry: (failures, error) =>
          !(error instanceof ApiError && error.status < 500) && failures < 2,
      },
      mutations: { retry: false },
    },
  });
  return client;
}
