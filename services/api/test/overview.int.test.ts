import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { User } from '@leakwatch/db';
import { useTestDatabase } from '@leakwatch/testkit';
import { createUser, sessionHeaders, startApi } from './support/api-harness.js';
import { plantOverviewData, type PlantedOverview } from './support/overview-data.js';

// The leadership overview computed from incidents planted with known times (see
// support/overview-data.ts for the table the expectations below come from).
const testDb = useTestDatabase();
const hour = 3_600;
let api: { app: FastifyInstance; close: () => Promise<void> };
let leadership: User;
let planted: PlantedOverview;

/** The Vietnamese calendar day `days` before today. */
function vietnamDaysAgo(days: number): string {
  return new Date(Date.now() + 7 * hour * 1000 - days * 86_400_000).toISOString().slice(0, 10);
}

interface Overview {
  range: { from: string; to: string; timeZone: string };
  weekly: { weekStart: string; isoWeek: string; counts: Record<string, number>; total: number }[];
  durations: Record<
    'postingToDetection' | 'detectionToRemoval',
    { count: number; medianSeconds: number | null; p90Seconds: number | null }
  >;
  open: {
    total: number;
    byStatus: { status: string; count: number }[];
    bySeverity: { severity: string; count: number }[];
    byDepartment: { targetId: string | null; name: string | null; count: number }[];
  };
  deadlines: {
    totals: Record<'met' | 'late' | 'missed' | 'open', number>;
    complianceRate: number | null;
    byRule: { rule: string; met: number; late: number; missed: number; open: number }[];
  };
  topSources: { name: string | null; url: string; incidents: number; sightings: number }[];
}

async function overview(query: string, user: User = leadership) {
  const response = await api.app.inject({
    method: 'GET',
    url: `/api/overview${query}`,
    headers: await sessionHeaders(testDb().repos, user),
  });
  return { response, body: response.json<Overview & Record<string, unknown>>() };
}

beforeAll(async () => {
  const { repos } = testDb();
  api = await startApi(repos);
  leadership = await createUser(repos, 'leadership');
  planted = await plantOverviewData(repos);
});
afterAll(async () => {
  await api.close();
});

describe('GET /api/overview', () => {
  const period = () => `?from=${vietnamDaysAgo(20)}&to=${vietnamDaysAgo(0)}`;

  it('gives the median and 90th percentile from posting to detection and from detection to removal', async () => {
    const { response, body } = await overview(period());
    expect(response.statusCode).toBe(200);
    // Leaked images posted 1, 2, 3, 4 and 10 hours before their first alert; the undated post,
    // the dismissed false match, the undecided alert and the incident before the period are out.
    const posting = body.durations.postingToDetection;
    expect(posting.count).toBe(5);
    expect(posting.medianSeconds).toBe(3 * hour);
    // Linear interpolation (percentile_cont): 4 h + 0.6 × (10 h − 4 h).
    expect(posting.p90Seconds).toBeCloseTo(7.6 * hour, 3);
    // Removed 200, 150 and 100 hours after detection (the test's clock ran on a few seconds);
    // incident 5's content came back after its removal.
    const removal = body.durations.detectionToRemoval;
    expect(removal.count).toBe(3);
    expect(removal.medianSeconds).toBeGreaterThanOrEqual(150 * hour);
    expect(removal.medianSeconds).toBeLessThan(150 * hour + 60);
    expect(removal.p90Seconds).toBeGreaterThanOrEqual(190 * hour);
    expect(removal.p90Seconds).toBeLessThan(190 * hour + 60);
  });

  it('counts incidents per week by document type, unregistered leaks as their own type', async () => {
    const { body } = await overview(period());
    const totals: Record<string, number> = {};
    for (const week of body.weekly)
      for (const [type, count] of Object.entries(week.counts))
        totals[type] = (totals[type] ?? 0) + count;
    expect(totals).toEqual({ thuong: 0, mat: 1, toi_mat: 1, tuyet_mat: 0, unregistered: 3 });
    // Every week from the one of `from` to the one of `to`, each starting on a Monday.
    expect(body.weekly.length).toBeGreaterThanOrEqual(3);
    expect(body.weekly.length).toBeLessThanOrEqual(4);
    for (const week of body.weekly) {
      expect(new Date(`${week.weekStart}T00:00:00Z`).getUTCDay()).toBe(1);
      expect(week.isoWeek).toMatch(/^\d{4}-W\d{2}$/);
    }
    // Incident 1 was detected 200 hours ago: counted in the week (Monday, Vietnam time) of that day.
    const detected = new Date(Date.now() - 200 * hour * 1000 + 7 * hour * 1000);
    const monday = new Date(detected.getTime() - ((detected.getUTCDay() + 6) % 7) * 86_400_000)
      .toISOString()
      .slice(0, 10);
    expect(body.weekly.find((week) => week.weekStart === monday)?.counts['mat']).toBe(1);
  });

  it('breaks down the open incidents by status, severity and department', async () => {
    const { body } = await overview(period());
    expect(body.open.total).toBe(4);
    expect(body.open.byStatus).toEqual([
      { status: 'open', count: 1 },
      { status: 'takedown_requested', count: 1 },
      { status: 'removed', count: 2 },
    ]);
    expect(body.open.bySeverity).toEqual([
      { severity: 'medium', count: 1 },
      { severity: 'high', count: 1 },
      { severity: 'critical', count: 2 },
    ]);
    const byDepartment = Object.fromEntries(
      body.open.byDepartment.map((row) => [row.targetId ?? 'none', row.count]),
    );
    expect(byDepartment).toEqual({
      [planted.healthDepartment]: 2,
      [planted.police]: 2,
      none: 1,
    });
    expect(body.open.byDepartment.find((row) => row.targetId === planted.police)?.name).toBe(
      'Công an tỉnh Lâm Đồng',
    );
  });

  it('tells deadlines met on time from late, missed and running', async () => {
    const { body } = await overview(period());
    expect(body.deadlines.totals).toEqual({ met: 1, late: 1, missed: 2, open: 1 });
    expect(body.deadlines.complianceRate).toBe(0.25);
    expect(body.deadlines.byRule).toEqual([
      expect.objectContaining({ rule: 'breach_notice_72h', met: 1, late: 1, missed: 2, open: 1 }),
    ]);
  });

  it('ranks the groups where the leaks were seen', async () => {
    const { body } = await overview(period());
    expect(
      body.topSources.map(({ name, incidents, sightings }) => ({ name, incidents, sightings })),
    ).toEqual([
      { name: 'Cộng đồng Đà Lạt', incidents: 3, sightings: 4 },
      { name: 'Bảo Lộc 24h', incidents: 2, sightings: 2 },
      { name: 'Đức Trọng ngày nay', incidents: 1, sightings: 1 },
    ]);
  });

  it('includes the older incident in a period that reaches back to it', async () => {
    const { body } = await overview(`?from=${vietnamDaysAgo(60)}&to=${vietnamDaysAgo(30)}`);
    expect(body.open.total).toBe(1);
    expect(body.weekly.reduce((sum, week) => sum + (week.counts['thuong'] ?? 0), 0)).toBe(1);
    expect(body.topSources.map((source) => source.name)).toEqual(['Lâm Hà quê tôi']);
    expect(body.durations.postingToDetection).toEqual({
      count: 1,
      medianSeconds: 6 * hour,
      p90Seconds: 6 * hour,
    });
    expect(body.durations.detectionToRemoval).toEqual({
      count: 0,
      medianSeconds: null,
      p90Seconds: null,
    });
    expect(planted.old.status).toBe('open');
  });

  it('covers the last twelve weeks unless told otherwise', async () => {
    const { body } = await overview('');
    expect(body.range).toEqual({
      from: vietnamDaysAgo(83),
      to: vietnamDaysAgo(0),
      timeZone: 'Asia/Ho_Chi_Minh',
    });
    expect(body.open.total).toBe(5);
  });

  it('refuses a period that runs backwards, is too long or names no real day', async () => {
    for (const query of [
      '?from=2025-03-02&to=2025-03-01',
      '?from=2022-01-01&to=2025-01-01',
      '?from=2025-02-30&to=2025-03-10',
      '?to=tomorrow',
    ]) {
      const { response, body } = await overview(query);
      expect(response.statusCode, query).toBe(400);
      expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
      expect(body['code']).toBe('LW_DATE_RANGE_INVALID');
      expect(body['detail']).toMatch(/^The date range is invalid: /);
    }
  });

  it('is for people with dashboard:view only', async () => {
    const liaison = await createUser(testDb().repos, 'liaison');
    const { response, body } = await overview(period(), liaison);
    expect(response.statusCode).toBe(403);
    expect(body['code']).toBe('LW_FORBIDDEN');
    const officer = await createUser(testDb().repos, 'officer');
    expect((await overview(period(), officer)).response.statusCode).toBe(200);
  });
});
