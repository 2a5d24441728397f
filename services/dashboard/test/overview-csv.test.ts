import { beforeAll, describe, expect, it } from 'vitest';
import type { Overview } from '../src/api/types.js';
import type { Translate } from '../src/lib/duration.js';
import {
  complianceRate,
  exportFileName,
  hours,
  overviewCharts,
  overviewTable,
  toCsv,
} from '../src/lib/overview-csv.js';
import { translatorFor } from './support/locales.js';

let vi: Translate;
let en: Translate;

beforeAll(async () => {
  const viT = await translatorFor('vi');
  const enT = await translatorFor('en');
  vi = (key, values) => viT.t(key, values);
  en = (key, values) => enT.t(key, values);
});

const overview: Overview = {
  range: { from: '2025-05-12', to: '2025-06-01', timeZone: 'Asia/Ho_Chi_Minh' },
  generatedAt: '2025-06-01T03:00:00.000Z',
  weekly: [
    {
      weekStart: '2025-05-12',
      isoWeek: '2025-W20',
      counts: { thuong: 0, mat: 2, toi_mat: 0, tuyet_mat: 0, unregistered: 1 },
      total: 3,
    },
    {
      weekStart: '2025-05-19',
      isoWeek: '2025-W21',
      counts: { thuong: 1, mat: 0, toi_mat: 1, tuyet_mat: 0, unregistered: 0 },
      total: 2,
    },
  ],
  durations: {
    postingToDetection: { count: 5, medianSeconds: 10_800, p90Seconds: 27_360 },
    detectionToRemoval: { count: 0, medianSeconds: null, p90Seconds: null },
  },
  open: {
    total: 4,
    byStatus: [
      { status: 'open', count: 1 },
      { status: 'removed', count: 3 },
    ],
    bySeverity: [{ severity: 'critical', count: 4 }],
    byDepartment: [
      { targetId: '5c4eb855-0d2c-4230-8e94-f1f57ea50b64', name: 'Sở Y tế tỉnh Lâm Đồng', count: 3 },
      { targetId: null, name: null, count: 1 },
    ],
  },
  deadlines: {
    totals: { met: 1, late: 1, missed: 2, open: 1 },
    complianceRate: 0.25,
    byRule: [
      {
        rule: 'breach_notice_72h',
        label: 'Thông báo vi phạm dữ liệu cá nhân (72 giờ)',
        met: 1,
        late: 1,
        missed: 2,
        open: 1,
      },
    ],
  },
  topSources: [
    {
      sourceId: '63a362e0-24e2-4b0b-9343-f5ec0f78ae5b',
      kind: 'group',
      name: '=HYPERLINK("http://evil.example","Cộng đồng Đà Lạt, \'chính chủ\'")',
      url: 'https://www.facebook.com/groups/congdongdalat',
      incidents: 3,
      sightings: 4,
    },
  ],
};

describe('overview CSV', () => {
  it('starts with a UTF-8 byte-order mark and ends every line with CRLF', () => {
    const csv = toCsv({ columns: ['Tuần', 'Tổng'], rows: [['2025-W20', 3]] });
    expect(csv.charCodeAt(0)).toBe(0xfeff);
    expect(csv.slice(1)).toBe('Tuần,Tổng\r\n2025-W20,3\r\n');
    // The mark becomes the three bytes Excel looks for.
    expect([...new TextEncoder().encode(csv).slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
  });

  it('quotes commas, quotes and line breaks, and leaves empty cells empty', () => {
    const csv = toCsv({
      columns: ['a', 'b', 'c', 'd'],
      rows: [['Lâm Hà, Đức Trọng', 'tên "nhóm"', 'dòng 1\ndòng 2', null]],
    });
    expect(csv.slice(1).split('\r\n')[1]).toBe(
      '"Lâm Hà, Đức Trọng","tên ""nhóm""","dòng 1\ndòng 2",',
    );
  });

  it('defuses text a spreadsheet would run as a formula, but not negative numbers', () => {
    const csv = toCsv({
      columns: ['x'],
      rows: [['=1+1'], ['+84 912'], ['-sum'], ['@cmd'], [-3]],
    });
    expect(csv.slice(1).split('\r\n').slice(1, 6)).toEqual([
      "'=1+1",
      "'+84 912",
      "'-sum",
      "'@cmd",
      '-3',
    ]);
  });

  it('writes the weekly chart with a column per document type, in Vietnamese', () => {
    const csv = toCsv(overviewTable('weekly', overview, vi));
    expect(csv.slice(1).split('\r\n')).toEqual([
      'Tuần,Từ ngày (thứ Hai),Thường,Mật,Tối mật,Tuyệt mật,Chưa đăng ký,Tổng',
      '2025-W20,2025-05-12,0,2,0,0,1,3',
      '2025-W21,2025-05-19,1,0,1,0,0,2',
      '',
    ]);
  });

  it('gives durations in hours, blank where nothing was measured', () => {
    expect(overviewTable('durations', overview, en).rows).toEqual([
      ['Posting to detection', 5, 3, 7.6],
      ['Detection to removal', 0, null, null],
    ]);
  });

  it('lists every open status and severity, with zeros, and names unrouted incidents', () => {
    expect(overviewTable('status', overview, vi).rows).toEqual([
      ['Mới mở', 1],
      ['Đã báo cáo', 0],
      ['Đã đề nghị gỡ', 0],
      ['Đã gỡ', 3],
    ]);
    expect(overviewTable('severity', overview, vi).rows.map((row) => row[1])).toEqual([4, 0, 0, 0]);
    expect(overviewTable('departments', overview, vi).rows).toEqual([
      ['Sở Y tế tỉnh Lâm Đồng', 3],
      ['Chưa chuyển đơn vị nào', 1],
    ]);
  });

  it('gives each deadline rule its outcomes and on-time rate', () => {
    expect(overviewTable('deadlines', overview, vi)).toEqual({
      columns: [
        'Thời hạn',
        'Đúng hạn',
        'Trễ hạn',
        'Quá hạn, chưa thực hiện',
        'Còn trong hạn',
        'Tỷ lệ đúng hạn (%)',
      ],
      rows: [['Thông báo vi phạm dữ liệu cá nhân (72 giờ)', 1, 1, 2, 1, 25]],
    });
    expect(complianceRate({ met: 2, late: 0, missed: 1, open: 7 })).toBe(66.7);
    expect(complianceRate({ met: 0, late: 0, missed: 0, open: 3 })).toBeNull();
  });

  it('keeps a hostile group name in one inert cell', () => {
    const lines = toCsv(overviewTable('sources', overview, vi))
      .slice(1)
      .split('\r\n');
    expect(lines[1]).toBe(
      `"'=HYPERLINK(""http://evil.example"",""Cộng đồng Đà Lạt, 'chính chủ'"")",Nhóm,https://www.facebook.com/groups/congdongdalat,3,4`,
    );
  });

  it('has a table with a header for every chart, in both languages', () => {
    for (const chart of overviewCharts)
      for (const t of [vi, en]) {
        const table = overviewTable(chart, overview, t);
        expect(table.columns.length, chart).toBeGreaterThan(1);
        for (const row of table.rows) expect(row.length, chart).toBe(table.columns.length);
        for (const column of table.columns) expect(column, chart).not.toMatch(/^overview\./);
      }
  });

  it('names files after the chart and the period', () => {
    expect(exportFileName('weekly', overview.range, 'csv')).toBe(
      'leakwatch-overview-weekly-2025-05-12_2025-06-01.csv',
    );
    expect(hours(27_360)).toBe(7.6);
    expect(hours(1)).toBe(0);
  });
});
