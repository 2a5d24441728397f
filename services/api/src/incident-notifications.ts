import type { Incident, NewNotification, Repositories } from '@leakwatch/db';
import { outboxRows, type Classification, type IncidentEventName } from '@leakwatch/incidents';

export type RoutedDocument = {
  ownerDepartment: string | null;
  classification: Classification;
} | null;

/**
 * The outbox rows an incident event causes under the routing rules and targets in force now.
 * Rules and targets are read before the transaction; the rows are written inside it, with the
 * change that causes them. `occurrence` tells repeatable events apart (see `planNotifications`).
 */
export async function notificationsFor(
  repos: Pick<Repositories, 'rules'>,
  event: IncidentEventName,
  publicUrl: string,
): Promise<
  (incident: Incident, document: RoutedDocument, occurrence?: string) => NewNotification[]
> {
  const routing = await repos.rules.routingAt(new Date());
  return (incident, document, occurrence) =>
    outboxRows(event, incident, document, routing, publicUrl, occurrence);
}
