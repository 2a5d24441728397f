import { and, asc, desc, eq, gt, lt, sql, type SQL } from 'drizzle-orm';
import {
  auditGenesisHash,
  auditRowHash,
  verifyAuditRun,
  type ChainBreak,
  type StoredAuditRow,
} from '@leakwatch/access';
import type { Database } from '../client.js';
import { auditLog } from '../schema/index.js';

export type AuditEntry = typeof auditLog.$inferSelect;

export interface NewAuditEntry {
  actorType: 'user' | 'token' | 'system' | 'anonymous';
  actorId?: string | null;
  action: string;
  targetType?: string | null;
  targetId?: string | null;
  requestId?: string | null;
  ip?: string | null;
  details?: Record<string, unknown>;
}

export interface AuditListFilter {
  action?: string;
  actorId?: string;
  targetId?: string;
  /** Entries with an id below this one (paging backwards from the newest). */
  before?: number;
  limit?: number;
}

export type AuditVerification =
  { ok: true; rows: number; headHash: string } | { ok: false; rows: number; broken: ChainBreak };

// Any constant works: it names the lock that serialises appends to the chain.
const chainLockKey = 7_315_021;
const verifyBatch = 1_000;

export class AuditLogRepository {
  constructor(private readonly db: Database) {}

  /**
   * Appends one entry chained to the newest one. Appends are serialised by a transaction-scoped
   * advisory lock, so two processes can never chain to the same predecessor.
   */
  async append(entry: NewAuditEntry): Promise<AuditEntry> {
    return this.db.transaction(async (tx) => {
      await tx.execute(sql`select pg_advisory_xact_lock(${chainLockKey})`);
      const last = await tx
        .select({ hash: auditLog.hash })
        .from(auditLog)
        .orderBy(desc(auditLog.id))
        .limit(1);
      const prevHash = last[0]?.hash ?? auditGenesisHash;
      const content = {
        // Millisecond precision: what a JavaScript Date reads back, so the hash re-computes.
        at: new Date(),
        actorType: entry.actorType,
        actorId: entry.actorId ?? null,
        action: entry.action,
        targetType: entry.targetType ?? null,
        targetId: entry.targetId ?? null,
        requestId: entry.requestId ?? null,
        ip: entry.ip ?? null,
        details: entry.details ?? {},
      };
      const rows = await tx
        .insert(auditLog)
        .values({ ...content, prevHash, hash: auditRowHash(prevHash, content) })
        .returning();
      const row = rows[0];
      if (!row) throw new Error('audit insert returned no row');
      return row;
    });
  }

  async list(filter: AuditListFilter = {}): Promise<AuditEntry[]> {
    const conditions: SQL[] = [];
    if (filter.action) conditions.push(eq(auditLog.action, filter.action));
    if (filter.actorId) conditions.push(eq(auditLog.actorId, filter.actorId));
    if (filter.targetId) conditions.push(eq(auditLog.targetId, filter.targetId));
    if (filter.before !== undefined) conditions.push(lt(auditLog.id, filter.before));
    return this.db
      .select()
      .from(auditLog)
      .where(conditions.length ? and(...conditions) : undefined)
      .orderBy(desc(auditLog.id))
      .limit(Math.min(filter.limit ?? 100, 1_000));
  }

  /** Walks the whole chain in id order and reports the first broken link. */
  async verify(): Promise<AuditVerification> {
    let previousHash = auditGenesisHash;
    let lastId = 0;
    let rows = 0;
    for (;;) {
      const batch = await this.db
        .select()
        .from(auditLog)
        .where(gt(auditLog.id, lastId))
        .orderBy(asc(auditLog.id))
        .limit(verifyBatch);
      if (batch.length === 0) return { ok: true, rows, headHash: previousHash };
      const result = verifyAuditRun(previousHash, batch satisfies StoredAuditRow[]);
      if (!result.ok)
        return {
          ok: false,
          rows: rows + batch.findIndex((row) => row.id === result.broken.id),
          broken: result.broken,
        };
      rows += batch.length;
      previousHash = result.lastHash;
      lastId = batch.at(-1)?.id ?? lastId;
    }
  }
}
