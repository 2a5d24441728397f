import { randomUUID } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RoutingTarget, User } from '@leakwatch/db';
import { openIncident, useTestDatabase } from '@leakwatch/testkit';
import { createUser, sessionHeaders, startApi } from './support/api-harness.js';

const testDb = useTestDatabase();
let api: { app: FastifyInstance; close: () => Promise<void> };

beforeAll(async () => {
  api = await startApi(testDb().repos);
});
afterAll(async () => {
  await api.close();
});

async function target(name: string): Promise<RoutingTarget> {
  return testDb().repos.routingTargets.create({
    name,
    kind: 'department',
    emails: [`vanthu-${randomUUID().slice(0, 6)}@lamdong.gov.vn`],
  });
}

/** A liaison of a department (the account's routing target). */
async function liaisonOf(department: RoutingTarget): Promise<User> {
  const user = await createUser(testDb().repos, 'liaison');
  const updated = await testDb().repos.users.update(user.id, { routingTargetId: department.id });
  if (!updated) throw new Error('liaison not updated');
  return updated;
}

/** An incident whose opening notified the given departments by e-mail. */
async function incidentNotifying(departments: RoutingTarget[]) {
  const { repos } = testDb();
  const incident = await openIncident(repos, { severity: 'medium', notify: departments });
  const rows = await repos.notifications.ofIncident(incident.id);
  const rowOf = (department: RoutingTarget) => {
    const row = rows.find((candidate) => candidate.targetId === department.id);
    if (!row) throw new Error(`no notification to ${department.name}`);
    return row;
  };
  return { incident, rowOf };
}

describe('acknowledging a notification through the API', () => {
  it('lets a liaison acknowledge what reached their own department, once, and officers any', async () => {
    const { repos } = testDb();
    const health = await target('Sở Y tế (thử)');
    const police = await target('Công an tỉnh (thử)');
    const { incident, rowOf } = await incidentNotifying([health, police]);
    const other = await incidentNotifying([health]);
    const liaison = await liaisonOf(health);
    const officer = await createUser(repos, 'officer');
    const leadership = await createUser(repos, 'leadership');
    const acknowledge = async (user: User, incidentId: string, notificationId: string) =>
      api.app.inject({
        method: 'POST',
        url: `/api/incidents/${incidentId}/notifications/${notificationId}/acknowledge`,
        headers: await sessionHeaders(repos, user),
      });

    const first = await acknowledge(liaison, incident.id, rowOf(health).id);
    expect(first.statusCode).toBe(200);
    const body = first.json<{ acknowledgedAt: string }>();
    expect(body).toMatchObject({
      notificationId: rowOf(health).id,
      acknowledgedBy: `${liaison.displayName} <${liaison.email}>`,
      recorded: true,
    });
    // Repeated: the first acknowledgement stands, and the timeline has it once.
    const second = await acknowledge(liaison, incident.id, rowOf(health).id);
    expect(second.json()).toMatchObject({ acknowledgedAt: body.acknowledgedAt, recorded: false });
    const events = (await repos.triage.eventsOf(incident.id)).filter(
      (event) => event.type === 'notification_acknowledged',
    );
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({
      actorId: liaison.id,
      data: { notificationId: rowOf(health).id, via: 'api' },
    });
    const [audited] = await repos.audit.list({ action: 'notification.acknowledged' });
    expect(audited).toMatchObject({ actorId: liaison.id, targetId: rowOf(health).id });

    // Another department's notification, or one named under another incident: not theirs.
    expect((await acknowledge(liaison, incident.id, rowOf(police).id)).statusCode).toBe(404);
    expect((await acknowledge(liaison, other.incident.id, rowOf(health).id)).statusCode).toBe(404);
    expect((await acknowledge(officer, other.incident.id, rowOf(police).id)).statusCode).toBe(404);
    expect((await repos.notifications.findById(rowOf(police).id))?.row.acknowledgedAt).toBeNull();
    // A liaison without a department sees nothing; leadership may not acknowledge at all.
    const unplaced = await createUser(repos, 'liaison');
    expect((await acknowledge(unplaced, incident.id, rowOf(police).id)).statusCode).toBe(404);
    const refused = await acknowledge(leadership, incident.id, rowOf(police).id);
    expect(refused.statusCode).toBe(403);
    expect(refused.json()).toMatchObject({ code: 'LW_FORBIDDEN' });

    // An officer acknowledges on the police's behalf (a phone call, say).
    const byOfficer = await acknowledge(officer, incident.id, rowOf(police).id);
    expect(byOfficer.json()).toMatchObject({
      acknowledgedBy: `${officer.displayName} <${officer.email}>`,
      recorded: true,
    });
  });
});
