import type {
  Incident,
  IncidentSeverity,
  NewAlert,
  NewNotification,
  Repositories,
} from '@leakwatch/db';
import {
  matchAlert,
  recordAlert,
  recordSighting,
  registerFakeDocument,
  storeImage,
} from '@leakwatch/testkit';

const hour = 3_600_000;

/**
 * A leadership overview's worth of incidents in Lâm Đồng, with times chosen so every figure is
 * known in advance (hours before `now`; the API's own clock moves on by a few seconds):
 *
 * | incident | document (type)                              | detected | leaked images: posted → detected  | course                        | notice  | routed to      |
 * | -------- | -------------------------------------------- | -------- | --------------------------------- | ----------------------------- | ------- | -------------- |
 * | 1        | Danh sách F1 phường 3 — Đà Lạt (mat)         | 200 h    | 1 h, 2 h (Cộng đồng Đà Lạt)       | removed now                   | now     | Sở Y tế, Công an |
 * | 2        | Quyết định cách ly — Bảo Lộc (toi_mat)       | 150 h    | 3 h (Cộng đồng Đà Lạt)            | removed now                   | —       | Sở Y tế        |
 * | 3        | unregistered                                 | 100 h    | 4 h (Bảo Lộc 24h)                 | removed now, then closed      | —       | —              |
 * | 4        | unregistered                                 | 30 h     | 10 h (Bảo Lộc 24h; a repost 5 h after detection in Cộng đồng Đà Lạt) | open | now | —   |
 * | 5        | unregistered                                 | 50 h     | post without a date (Đức Trọng)   | removed, then content back    | —       | Công an        |
 * | old      | Kế hoạch tiêm chủng (thuong)                 | 40 days  | 6 h (Lâm Hà quê tôi)              | open                          | —       | —              |
 *
 * Besides, a dismissed false match (posted 100 h before detection) and an undecided alert: no
 * leak, so in no figure.
 */
export interface PlantedOverview {
  /** Incidents 1–5, in the order of the table. */
  incidents: Incident[];
  old: Incident;
  /** The seeded routing targets incidents were routed to. */
  healthDepartment: string;
  police: string;
}

export async function plantOverviewData(
  repos: Repositories,
  now = new Date(),
): Promise<PlantedOverview> {
  const ago = (hours: number) => new Date(now.getTime() - hours * hour);
  const targets = await repos.routingTargets.list();
  const healthDepartment = targets.find((target) => target.name.startsWith('Sở Y tế'))?.id;
  const police = targets.find((target) => target.name.startsWith('Công an tỉnh'))?.id;
  if (!healthDepartment || !police) throw new Error('the seeded routing targets are missing');

  const groups = {
    daLat: await group('congdongdalat', 'Cộng đồng Đà Lạt'),
    baoLoc: await group('baoloc24h', 'Bảo Lộc 24h'),
    ducTrong: await group('ductrongngaynay', 'Đức Trọng ngày nay'),
    lamHa: await group('lamhaquetoi', 'Lâm Hà quê tôi'),
  };
  const f1List = await registerFakeDocument(repos, {
    title: 'Danh sách F1 phường 3 — Đà Lạt',
    numberSymbol: '125/SYT-NVY',
    classification: 'mat',
  });
  const quarantine = await registerFakeDocument(repos, {
    title: 'Quyết định cách ly tập trung — Bảo Lộc',
    numberSymbol: '88/QĐ-UBND',
    classification: 'toi_mat',
  });
  const vaccination = await registerFakeDocument(repos, {
    title: 'Kế hoạch tiêm chủng huyện Lâm Hà',
    classification: 'thuong',
  });
  const ofF1 = { documentId: f1List.document.id, pageId: f1List.page.id };
  const ofQuarantine = { documentId: quarantine.document.id, pageId: quarantine.page.id };
  const ofVaccination = { documentId: vaccination.document.id, pageId: vaccination.page.id };

  const first = await leak({
    posts: [{ group: groups.daLat, postedAt: ago(201) }],
    detectedAt: ago(200),
    match: ofF1,
  });
  const second = await leak({
    posts: [{ group: groups.daLat, postedAt: ago(192) }],
    detectedAt: ago(190),
    match: ofF1,
  });
  const incident1 = await confirm([first, second], 'critical', [healthDepartment, police]);
  const incident2 = await confirm(
    [
      await leak({
        posts: [{ group: groups.daLat, postedAt: ago(153) }],
        detectedAt: ago(150),
        match: ofQuarantine,
      }),
    ],
    'critical',
    [healthDepartment],
  );
  const incident3 = await confirm(
    [await leak({ posts: [{ group: groups.baoLoc, postedAt: ago(104) }], detectedAt: ago(100) })],
    'high',
    [],
  );
  const incident4 = await confirm(
    [
      await leak({
        posts: [
          { group: groups.baoLoc, postedAt: ago(40) },
          { group: groups.daLat, postedAt: ago(25) },
        ],
        detectedAt: ago(30),
      }),
    ],
    'high',
    [],
  );
  const incident5 = await confirm(
    [await leak({ posts: [{ group: groups.ducTrong, postedAt: null }], detectedAt: ago(50) })],
    'medium',
    [police],
  );
  const old = await confirm(
    [
      await leak({
        posts: [{ group: groups.lamHa, postedAt: ago(40 * 24 + 6) }],
        detectedAt: ago(40 * 24),
        match: ofVaccination,
      }),
    ],
    'low',
    [],
  );

  const falseMatch = await leak({
    posts: [{ group: groups.daLat, postedAt: ago(160) }],
    detectedAt: ago(60),
    match: ofVaccination,
  });
  await repos.triage.dismiss([falseMatch], { reason: 'false_match', userId: null });
  await leak({ posts: [{ group: groups.baoLoc, postedAt: ago(12) }], detectedAt: ago(2) });

  for (const incident of [incident1, incident2, incident3, incident5])
    await move(incident, 'removed');
  await move(incident3, 'closed', { resolution: 'Bài đăng đã bị gỡ, đã báo cáo Sở.' });
  await move(incident5, 'takedown_requested');
  for (const incident of [incident1, incident4])
    await repos.triage.changeIncident(
      incident.id,
      {},
      { type: 'notice_sent', actorId: null, data: { channel: 'Cổng thông tin A05' } },
    );

  return {
    incidents: [incident1, incident2, incident3, incident4, incident5],
    old,
    healthDepartment,
    police,
  };

  async function group(key: string, name: string) {
    await repos.sources.upsert({
      kind: 'group',
      url: `https://www.facebook.com/groups/${key}`,
      canonicalKey: `group:${key}`,
      name,
    });
    return key;
  }

  /** One image posted in the given groups, and its alert at `detectedAt`; returns the alert id. */
  async function leak(input: {
    posts: { group: string; postedAt: Date | null }[];
    detectedAt: Date;
    match?: { documentId: string; pageId: string };
  }): Promise<string> {
    const image = await storeImage(repos);
    for (const post of input.posts)
      await recordSighting(repos, image, {
        groupKey: post.group,
        post: { postedAt: post.postedAt },
      });
    const alert: NewAlert = input.match
      ? matchAlert(input.match, { createdAt: input.detectedAt })
      : {
          kind: 'sensitive_unregistered',
          dedupKey: `sensitive:${image.sha256}`,
          createdAt: input.detectedAt,
        };
    return (await recordAlert(repos, { image, alert })).alert.id;
  }

  async function confirm(
    alertIds: string[],
    severity: IncidentSeverity,
    routedTo: string[],
  ): Promise<Incident> {
    const [confirmed] = await repos.triage.confirm(alertIds, {
      userId: null,
      severityFor: () => severity,
      notifyOpened: (incident) =>
        routedTo.map((targetId): NewNotification => ({
          incidentId: incident.id,
          targetId,
          channel: 'email',
          event: 'opened',
          idempotencyKey: `${incident.id}:opened:${targetId}:email`,
          payload: { event: 'opened' },
        })),
    });
    if (!confirmed) throw new Error('no incident');
    return confirmed.incident;
  }

  async function move(
    incident: Incident,
    status: Incident['status'],
    extra: { resolution?: string } = {},
  ): Promise<void> {
    const changed = await repos.triage.changeIncident(
      incident.id,
      { status, ...extra },
      { type: `status_${status}`, actorId: null, data: { to: status } },
    );
    if (!changed) throw new Error('incident vanished');
  }
}
