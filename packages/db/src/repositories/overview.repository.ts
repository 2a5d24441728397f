import { sql } from 'drizzle-orm';
import type { Database } from '../client.js';
import type { Incident } from './triage.repository.js';

/** A period as instants: `start` inclusive, `end` exclusive. */
export interface OverviewPeriod {
  start: Date;
  end: Date;
}

/** How long something took across a set of cases, in seconds; null while there is no case. */
export interface DurationFigures {
  count: number;
  medianSeconds: number | null;
  p90Seconds: number | null;
}

export interface OpenIncidentFigures {
  total: number;
  byStatus: { status: Incident['status']; count: number }[];
  bySeverity: { severity: Incident['severity']; count: number }[];
  /** Routing targets notified of the incidents; `targetId` null: routed nowhere. */
  byDepartment: { targetId: string | null; name: string | null; count: number }[];
}

export interface SourceFigures {
  sourceId: string;
  kind: string;
  name: string | null;
  url: string;
  incidents: number;
  /** Posts in this group or page showing the incidents' images. */
  sightings: number;
}

export interface DeadlineFacts {
  incidentId: string;
  detectedAt: Date;
  createdAt: Date;
  takedownRequestedAt: Date | null;
  /** Each event type's first occurrence, oldest first. */
  timeline: { type: string; createdAt: Date }[];
}

interface DurationRow extends Record<string, unknown> {
  count: number;
  median: number | null;
  p90: number | null;
}

function durations(row: DurationRow | undefined): DurationFigures {
  return {
    count: row?.count ?? 0,
    medianSeconds: row?.median ?? null,
    p90Seconds: row?.p90 ?? null,
  };
}

/**
 * The leadership overview's figures, computed in PostgreSQL (percentiles with percentile_cont).
 * Which instants each figure is about is written in docs/operations.md, "Overview figures".
 */
export class OverviewRepository {
  constructor(private readonly db: Database) {}

  /** Incidents detected in the period, per week (Monday, in `timeZone`) and document type. */
  async incidentsPerWeek(
    period: OverviewPeriod,
    timeZone: string,
  ): Promise<{ weekStart: string; type: string; count: number }[]> {
    const { rows } = await this.db.execute<{ week_start: string; type: string; count: number }>(sql`
      select to_char(date_trunc('week', i.detected_at at time zone ${timeZone}), 'YYYY-MM-DD')
               as week_start,
             coalesce(d.classification::text, 'unregistered') as type,
             count(*)::int as count
      from incidents i
      left join documents d on d.id = i.document_id
      where i.detected_at >= ${period.start} and i.detected_at < ${period.end}
      group by 1, 2
      order by 1, 2`);
    return rows.map((row) => ({ weekStart: row.week_start, type: row.type, count: row.count }));
  }

  /**
   * From posting to detection, per leaked image (one with a confirmed alert) first detected in
   * the period: the earliest post showing it (as Facebook dates it) to its first alert. A post
   * dated after the alert (Facebook's rounding) counts as zero.
   */
  async postingToDetection(period: OverviewPeriod): Promise<DurationFigures> {
    const { rows } = await this.db.execute<DurationRow>(sql`
      with leaked as (
        select a.image_id, min(a.created_at) as detected_at
        from alerts a
        where exists (
          select 1 from alerts c where c.image_id = a.image_id and c.status = 'confirmed'
        )
        group by a.image_id
      ),
      timed as (
        select greatest(0, extract(epoch from l.detected_at - min(p.posted_at)))::float8 as seconds
        from leaked l
        join image_sightings s on s.image_id = l.image_id
        join posts p on p.id = s.post_id
        where p.posted_at is not null
          and l.detected_at >= ${period.start} and l.detected_at < ${period.end}
        group by l.image_id, l.detected_at
      )
      select count(*)::int as count,
             percentile_cont(0.5) within group (order by seconds) as median,
             percentile_cont(0.9) within group (order by seconds) as p90
      from timed`);
    return durations(rows[0]);
  }

  /**
   * From detection to removal, per incident whose content was removed in the period: its
   * `detectedAt` to its latest move to `removed` (by the takedown re-visits, when every post was
   * found gone, or by an officer). Content that came back since (a later takedown request) is
   * not removed.
   */
  async detectionToRemoval(period: OverviewPeriod): Promise<DurationFigures> {
    const { rows } = await this.db.execute<DurationRow>(sql`
      with moves as (
        select e.incident_id,
               max(e.created_at) filter (where e.type = 'status_removed') as removed_at,
               max(e.created_at) filter (where e.type = 'status_takedown_requested')
                 as requested_at
        from incident_events e
        where e.type in ('status_removed', 'status_takedown_requested')
        group by e.incident_id
      ),
      timed as (
        select greatest(0, extract(epoch from m.removed_at - i.detected_at))::float8 as seconds
        from moves m
        join incidents i on i.id = m.incident_id
        where m.removed_at >= ${period.start} and m.removed_at < ${period.end}
          and (m.requested_at is null or m.requested_at < m.removed_at)
      )
      select count(*)::int as count,
             percentile_cont(0.5) within group (order by seconds) as median,
             percentile_cont(0.9) within group (order by seconds) as p90
      from timed`);
    return durations(rows[0]);
  }

  /** Incidents detected in the period and not closed, by status, severity and department. */
  async openIncidents(period: OverviewPeriod): Promise<OpenIncidentFigures> {
    const inPeriod = sql`i.status <> 'closed'
      and i.detected_at >= ${period.start} and i.detected_at < ${period.end}`;
    const [byStatus, bySeverity, byDepartment] = await Promise.all([
      this.db.execute<{ status: Incident['status']; count: number }>(sql`
        select i.status, count(*)::int as count from incidents i
        where ${inPeriod} group by i.status order by i.status`),
      this.db.execute<{ severity: Incident['severity']; count: number }>(sql`
        select i.severity, count(*)::int as count from incidents i
        where ${inPeriod} group by i.severity order by i.severity`),
      this.db.execute<{ target_id: string | null; name: string | null; count: number }>(sql`
        select t.id as target_id, t.name, count(distinct i.id)::int as count
        from incidents i
        left join (
          select distinct incident_id, target_id from notification_outbox
          where target_id is not null
        ) o on o.incident_id = i.id
        left join routing_targets t on t.id = o.target_id
        where ${inPeriod}
        group by t.id, t.name
        order by count desc, t.name nulls last`),
    ]);
    return {
      total: byStatus.rows.reduce((sum, row) => sum + row.count, 0),
      byStatus: byStatus.rows.map((row) => ({ status: row.status, count: row.count })),
      bySeverity: bySeverity.rows.map((row) => ({ severity: row.severity, count: row.count })),
      byDepartment: byDepartment.rows.map((row) => ({
        targetId: row.target_id,
        name: row.name,
        count: row.count,
      })),
    };
  }

  /** What deadlines are computed from, for every incident detected in the period. */
  async deadlineFacts(period: OverviewPeriod): Promise<DeadlineFacts[]> {
    const [incidentRows, eventRows] = await Promise.all([
      this.db.execute<{
        id: string;
        detected_at: Date;
        created_at: Date;
        takedown_requested_at: Date | null;
      }>(sql`
        select i.id, i.detected_at, i.created_at, i.takedown_requested_at from incidents i
        where i.detected_at >= ${period.start} and i.detected_at < ${period.end}
        order by i.detected_at`),
      this.db.execute<{ incident_id: string; type: string; first_at: Date }>(sql`
        select e.incident_id, e.type, min(e.created_at) as first_at
        from incident_events e
        join incidents i on i.id = e.incident_id
        where i.detected_at >= ${period.start} and i.detected_at < ${period.end}
        group by e.incident_id, e.type
        order by first_at`),
    ]);
    const timelines = new Map<string, { type: string; createdAt: Date }[]>();
    for (const row of eventRows.rows) {
      const timeline = timelines.get(row.incident_id) ?? [];
      timeline.push({ type: row.type, createdAt: new Date(row.first_at) });
      timelines.set(row.incident_id, timeline);
    }
    return incidentRows.rows.map((row) => ({
      incidentId: row.id,
      detectedAt: new Date(row.detected_at),
      createdAt: new Date(row.created_at),
      takedownRequestedAt: row.takedown_requested_at ? new Date(row.takedown_requested_at) : null,
      timeline: timelines.get(row.id) ?? [],
    }));
  }

  /** The groups and pages where most incidents detected in the period were seen. */
  async topSources(period: OverviewPeriod, limit = 10): Promise<SourceFigures[]> {
    const { rows } = await this.db.execute<{
      source_id: string;
      kind: string;
      name: string | null;
      url: string;
      incidents: number;
      sightings: number;
    }>(sql`
      select s.id as source_id, s.kind::text as kind, s.name, s.url,
             count(distinct i.id)::int as incidents, count(distinct p.id)::int as sightings
      from incidents i
      join alerts a on a.incident_id = i.id
      join image_sightings x on x.image_id = a.image_id
      join posts p on p.id = x.post_id
      join sources s on s.id = p.source_id
      where i.detected_at >= ${period.start} and i.detected_at < ${period.end}
      group by s.id
      order by incidents desc, sightings desc, s.name nulls last, s.url
      limit ${limit}`);
    return rows.map((row) => ({
      sourceId: row.source_id,
      kind: row.kind,
      name: row.name,
      url: row.url,
      incidents: row.incidents,
      sightings: row.sightings,
    }));
  }
}
