import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { apiRequest } from '../api/client.js';
import { ApiError } from '../api/problem.js';
import type { SignedIn } from '../api/types.js';
import { sessionQueryKey } from './query-client.js';

/** The signed-in account (null when signed out), from GET /api/auth/me. */
export function useSession() {
  return useQuery({
    queryKey: sessionQueryKey,
    queryFn: async ({ signal }): Promise<SignedIn | null> => {
      try {
        return await apiRequest<SignedIn>('/api/auth/me', { signal });
      } catch (error) {
        if (error instanceof ApiError && error.status === 401) return null;
        throw error;
      }
    },
    staleTime: 60_000,
  });
}

/** The session of a page inside the signed-in shell, which renders nothing without one. */
export function useSignedIn(): SignedIn {
  const { data } = useSession();
  if (!data) throw new Error('useSignedIn outside the signed-in shell');
  return data;
}

export function useLogin() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (credentials: { email: string; password: string }) =>
      apiRequest<SignedIn>('/api/auth/login', { method: 'POST', body: credentials }),
    onSuccess: (signedIn) => {
      client.removeQueries({ predicate: (query) => query.queryKey[0] !== sessionQueryKey[0] });
      client.setQueryData(sessionQueryKey, signedIn);
    },
  });
}

export function useLogout() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (csrfToken: string) =>
      apiRequest<undefined>('/api/auth/logout', { method: 'POST', csrfToken }),
    // Signed out locally even if the API could not be told: the cookie is the API's to end.
    onSettled: () => {
      client.clear();
      client.setQueryData(sessionQueryKey, null);
    },
  });
}

export function hasPermission(session: SignedIn, ...anyOf: string[]): boolean {
  return anyOf.some((permission) => session.permissions.includes(permission));
}
