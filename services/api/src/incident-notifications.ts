import type { Incident, NewNotification, Repositories } from '@leakwatch/db';
import { outboxRows, type IncidentEventName } from '@leakwatch/incidents';

/**
 * The outbox rows an incident event causes, for the targets active now. Targets are read
 * before the transaction; the rows are written inside it, with the change that causes them.
 */
export async function notificationsFor(
  repos: Pick<Repositories, 'routingTargets'>,
  event: IncidentEventName,
  publicUrl: string,
): Promise<(incident: Incident) => NewNotification[]> {
  const targets = await repos.routingTargets.list({ activeAt: new Date() });
  return (incident) => outboxRows(event, incident, targets, publicUrl);
}
