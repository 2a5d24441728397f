import { useQueryClient } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { liveTopics, staleQueryRoots, topicsOf } from '../lib/live-updates.js';

export type LiveState = 'connecting' | 'live' | 'offline';

/**
 * Keeps the pages current without reloading: the API names what changed over server-sent
 * events and the queries showing it are fetched again. The browser reconnects by itself; on
 * reconnecting everything is reloaded, since changes made meanwhile were not heard.
 */
export function useLiveUpdates(): LiveState {
  const queryClient = useQueryClient();
  const [state, setState] = useState<LiveState>('connecting');
  useEffect(() => {
    const source = new EventSource('/api/events');
    let lost = false;
    const invalidate = (roots: readonly string[]) => {
      void queryClient.invalidateQueries({
        predicate: (query) => roots.includes(String(query.queryKey[0])),
      });
    };
    source.addEventListener('open', () => {
      setState('live');
      if (lost) invalidate(staleQueryRoots(liveTopics));
      lost = false;
    });
    source.addEventListener('error', () => {
      lost = true;
      setState('offline');
    });
    source.addEventListener('change', (event: MessageEvent<string>) => {
      invalidate(staleQueryRoots(topicsOf(event.data)));
    });
    return () => {
      source.close();
    };
  }, [queryClient]);
  return state;
}

export function LiveIndicator({ state }: { state: LiveState }) {
  const { t } = useTranslation();
  return (
    <span className={`live live--${state}`} role="status" title={t(`live.${state}Hint`)}>
      <span className="live__dot" aria-hidden="true" />
      {t(`live.${state}`)}
    </span>
  );
}
