/** What the API's live-update stream names (services/api/src/routes/events). */
export const liveTopics = ['alerts', 'incidents', 'sources', 'documents'] as const;
export type LiveTopic = (typeof liveTopics)[number];

/**
 * The first element of the query keys each topic makes stale. Every page names its queries by
 * these roots, so a change reloads exactly what shows it and nothing else.
 */
const queryRootsByTopic: Readonly<Record<LiveTopic, readonly string[]>> = {
  alerts: ['alert-groups', 'alert-facets', 'alerts', 'alert', 'overview'],
  incidents: ['incidents', 'overview'],
  sources: ['sources', 'monitoring-accounts', 'overview'],
  documents: ['documents'],
};

/** Parses one `change` message's data; anything unexpected yields no topics rather than an error. */
export function topicsOf(data: string): LiveTopic[] {
  try {
    const parsed = JSON.parse(data) as unknown;
    if (typeof parsed !== 'object' || parsed === null) return [];
    const topics = (parsed as { topics?: unknown }).topics;
    if (!Array.isArray(topics)) return [];
    return liveTopics.filter((topic) => topics.includes(topic));
  } catch {
    return [];
  }
}

/** The query-key roots to invalidate for these topics, each once. */
export function staleQueryRoots(topics: readonly LiveTopic[]): string[] {
  return [...new Set(topics.flatMap((topic) => queryRootsByTopic[topic]))];
}
