import { createHash } from 'node:crypto';

/** The content of one audit row that its hash covers (everything but its id and hashes). */
export interface AuditRowContent {
  at: Date;
  actorType: string;
  actorId: string | null;
  action: string;
  targetType: string | null;
  targetId: string | null;
  requestId: string | null;
  ip: string | null;
  details: unknown;
}

/** The hash the first row chains to. */
export const auditGenesisHash = '0'.repeat(64);

/**
 * JSON with object keys sorted at every level: PostgreSQL's jsonb does not keep key order,
 * so the bytes hashed at insert and at verification must not depend on it.
 */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value ?? null);
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  const entries = Object.entries(value as Record<string, unknown>)
    .filter(([, entry]) => entry !== undefined)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return `{${entries.map(([key, entry]) => `${JSON.stringify(key)}:${canonicalJson(entry)}`).join(',')}}`;
}

/** SHA-256 over the previous row's hash and this row's canonical content. */
export function auditRowHash(prevHash: string, row: AuditRowContent): string {
  const content = canonicalJson({
    at: row.at.toISOString(),
    actorType: row.actorType,
    actorId: row.actorId,
    action: row.action,
    targetType: row.targetType,
    targetId: row.targetId,
    requestId: row.requestId,
    ip: row.ip,
    details: row.details,
  });
  return createHash('sha256').update(prevHash).update('\n').update(content).digest('hex');
}

export interface StoredAuditRow extends AuditRowContent {
  id: number;
  prevHash: string;
  hash: string;
}

export type ChainBreak =
  | { id: number; reason: 'prev-hash-mismatch'; expectedPrevHash: string; storedPrevHash: string }
  | { id: number; reason: 'content-altered'; expectedHash: string; storedHash: string };

/**
 * Checks a run of consecutive rows (ascending id) against the hash of the row before them.
 * Returns the first broken link, or the hash the next run must chain to.
 */
export function verifyAuditRun(
  previousHash: string,
  rows: readonly StoredAuditRow[],
): { ok: true; lastHash: string } | { ok: false; broken: ChainBreak } {
  let expectedPrev = previousHash;
  for (const row of rows) {
    if (row.prevHash !== expectedPrev)
      return {
        ok: false,
        broken: {
          id: row.id,
          reason: 'prev-hash-mismatch',
          expectedPrevHash: expectedPrev,
          storedPrevHash: row.prevHash,
        },
      };
    const expectedHash = auditRowHash(row.prevHash, row);
    if (row.hash !== expectedHash)
      return {
        ok: false,
        broken: { id: row.id, reason: 'content-altered', expectedHash, storedHash: row.hash },
      };
    expectedPrev = row.hash;
  }
  return { ok: true, lastHash: expectedPrev };
}
