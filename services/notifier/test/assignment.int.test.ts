import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { User } from '@leakwatch/db';
import { createLogger } from '@leakwatch/observability';
import {
  matchAlert,
  randomSha256,
  recordAlert,
  startSmtpSink,
  useTestDatabase,
  type SmtpSink,
} from '@leakwatch/testkit';
// Assignments are made through the API, as officers make them; the e-mail leaves through the
// notifier to a real SMTP server.
import { createUser, sessionHeaders, startApi } from '../../api/test/support/api-harness.js';
import { deliverDue } from '../src/index.js';

const testDb = useTestDatabase();
const log = createLogger({ name: 'notifier-assignment-test', level: 'silent' });
const publicUrl = 'https://leakwatch.syt.lamdong.gov.vn';
let api: Awaited<ReturnType<typeof startApi>>;
let smtp: SmtpSink;
let lead: User;
let colleague: User;

beforeAll(async () => {
  api = await startApi(testDb().repos, { PUBLIC_URL: publicUrl });
  smtp = await startSmtpSink();
  lead = await createUser(testDb().repos, 'officer');
  colleague = await createUser(testDb().repos, 'officer');
});
afterAll(async () => {
  await smtp.close();
  await api.close();
});

const deliver = () =>
  deliverDue({
    repos: testDb().repos,
    mail: smtp.transport,
    from: 'LeakWatch <leakwatch@syt.lamdong.gov.vn>',
    sealingKeys: [],
    publicUrl,
    log,
  });

/** Messages the SMTP server received for someone, since a given count. */
const mailsTo = (user: User, since = 0) =>
  smtp.mails.slice(since).filter((mail) => mail.to.includes(user.email));

/** `count` alerts matching a new document with no pages, one fresh image each. */
async function newAlerts(count: number, title = 'Danh sách F1 phường 3') {
  const { repos } = testDb();
  const { document } = await repos.documents.register({ contentSha256: randomSha256(), title }, []);
  const ids: string[] = [];
  for (let index = 0; index < count; index += 1) {
    const { alert } = await recordAlert(repos, {
      alert: matchAlert({ documentId: document.id, pageId: null }),
    });
    ids.push(alert.id);
  }
  return ids;
}

describe('assignment notifications', () => {
  it('e-mails an officer given alerts once per assignment, and nobody who takes them', async () => {
    const headers = await sessionHeaders(testDb().repos, lead);
    const assign = async (alertIds: string[], assigneeId: string | null) =>
      api.app.inject({
        method: 'POST',
        url: '/api/alerts/decisions',
        headers,
        payload: { action: 'assign', alertIds, assigneeId },
      });
    const alerts = await newAlerts(2);
    const before = smtp.mails.length;
    expect((await assign(alerts, colleague.id)).statusCode).toBe(200);
    await deliver();
    const received = mailsTo(colleague, before);
    expect(received).toHaveLength(1);
    expect(received[0]?.subject).toBe('[LeakWatch] Bạn được phân công phân loại 2 cảnh báo');
    expect(received[0]?.text).toContain(`Kính gửi: ${colleague.displayName}`);
    expect(received[0]?.text).toContain(`${lead.displayName} đã phân công cho bạn phân loại`);
    expect(received[0]?.text).toContain('- Tài liệu: Danh sách F1 phường 3');
    expect(received[0]?.text).toContain(`${publicUrl}/alerts?dedupKey=match%3A`);
    // No acknowledgement link: that is for receiving organisations.
    expect(received[0]?.text).not.toContain('/ack?token=');

    // The same alerts to the same person again: nothing new to tell.
    expect((await assign(alerts, colleague.id)).statusCode).toBe(200);
    // Taken by the officer themselves: nobody to tell.
    const own = await newAlerts(1, 'Kế hoạch tiêm chủng');
    expect((await assign(own, lead.id)).statusCode).toBe(200);
    // Whatever was queued leaves now: nothing more for either of them.
    await deliver();
    expect(mailsTo(colleague, before)).toHaveLength(1);
    expect(mailsTo(lead, before)).toHaveLength(0);
  });

  it('e-mails the officer an incident is given to, with its summary, and not on self-assignment', async () => {
    const { repos } = testDb();
    const [alert] = await newAlerts(1, 'Danh sách bệnh nhân lao');
    const [confirmed] = await repos.triage.confirm([alert ?? ''], {
      userId: lead.id,
      severityFor: () => 'high',
    });
    const incidentId = confirmed?.incident.id ?? '';
    const patch = async (assigneeId: string) =>
      api.app.inject({
        method: 'PATCH',
        url: `/api/incidents/${incidentId}`,
        headers: await sessionHeaders(repos, lead),
        payload: { assigneeId },
      });
    const before = smtp.mails.length;
    expect((await patch(lead.id)).statusCode).toBe(200); // taken by the lead: no e-mail
    expect(await repos.notifications.ofIncident(incidentId)).toEqual([]);
    expect((await patch(colleague.id)).statusCode).toBe(200);
    const rows = await repos.notifications.ofIncident(incidentId);
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({
      event: 'assigned',
      targetId: null,
      channel: 'email',
      payload: { recipients: [colleague.email] },
    });
    expect((await patch(colleague.id)).statusCode).toBe(200); // already theirs
    expect(await repos.notifications.ofIncident(incidentId)).toHaveLength(1);

    await deliver();
    const received = mailsTo(colleague, before);
    expect(received).toHaveLength(1);
    expect(received[0]?.subject).toBe(
      '[LeakWatch] Bạn được phân công xử lý sự cố: Lộ lọt: Danh sách bệnh nhân lao',
    );
    expect(received[0]?.text).toContain('- Mức độ: cao');
    expect(received[0]?.text).toContain('Hạn thông báo vi phạm dữ liệu cá nhân (72 giờ)');
    expect(received[0]?.text).toContain(`${publicUrl}/incidents/${incidentId}`);
    expect(mailsTo(lead, before)).toHaveLength(0);
    // Delivered, on the incident's timeline like every notification.
    const timeline = await repos.triage.eventsOf(incidentId);
    expect(timeline.filter((event) => event.type === 'notification_delivered')).toHaveLength(1);
  });
});
