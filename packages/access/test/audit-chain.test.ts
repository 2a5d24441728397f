import { describe, expect, it } from 'vitest';
import {
  auditGenesisHash,
  auditRowHash,
  canonicalJson,
  verifyAuditRun,
  type StoredAuditRow,
} from '../src/index.js';

function chain(count: number): StoredAuditRow[] {
  const rows: StoredAuditRow[] = [];
  let prevHash = auditGenesisHash;
  for (let id = 1; id <= count; id += 1) {
    const content = {
      at: new Date(Date.UTC(2026, 10, 23, 8, 0, id)),
      actorType: 'user',
      actorId: `user-${id % 3}`,
      action: id % 2 ? 'auth.login' : 'document.revoked',
      targetType: 'document',
      targetId: `doc-${id}`,
      requestId: `req-${id}`,
      ip: '10.0.0.7',
      details: { attempt: id, nested: { b: 2, a: [1, 'x'] } },
    };
    const hash = auditRowHash(prevHash, content);
    rows.push({ ...content, id, prevHash, hash });
    prevHash = hash;
  }
  return rows;
}

describe('audit hash chain', () => {
  it('hashes JSON independently of key order, as jsonb returns it', () => {
    expect(canonicalJson({ b: 1, a: { d: [2, { z: 1, y: 0 }], c: null } })).toBe(
      '{"a":{"c":null,"d":[2,{"y":0,"z":1}]},"b":1}',
    );
    const row = chain(1)[0]!;
    const reordered = { ...row, details: { nested: { a: [1, 'x'], b: 2 }, attempt: 1 } };
    expect(auditRowHash(auditGenesisHash, reordered)).toBe(row.hash);
  });

  it('accepts an intact chain and returns its head', () => {
    const rows = chain(6);
    expect(verifyAuditRun(auditGenesisHash, rows)).toEqual({ ok: true, lastHash: rows[5]!.hash });
    // Verified in two runs, as the repository pages through the table.
    const first = verifyAuditRun(auditGenesisHash, rows.slice(0, 3));
    expect(first.ok && verifyAuditRun(first.lastHash, rows.slice(3))).toEqual({
      ok: true,
      lastHash: rows[5]!.hash,
    });
  });

  it('names the first altered row', () => {
    const rows = chain(6);
    rows[3] = { ...rows[3]!, actorId: 'someone-else' };
    const result = verifyAuditRun(auditGenesisHash, rows);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.broken).toMatchObject({ id: 4, reason: 'content-altered' });
  });

  it('names the row after a deleted one', () => {
    const rows = chain(6);
    rows.splice(2, 1);
    const result = verifyAuditRun(auditGenesisHash, rows);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.broken).toMatchObject({ id: 4, reason: 'prev-hash-mismatch' });
  });

  it('catches a row rewritten together with its own hash', () => {
    const rows = chain(5);
    const forged = { ...rows[1]!, action: 'auth.logout' };
    rows[1] = { ...forged, hash: auditRowHash(forged.prevHash, forged) };
    const result = verifyAuditRun(auditGenesisHash, rows);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.broken).toMatchObject({ id: 3, reason: 'prev-hash-mismatch' });
  });
});
