import fp from 'fastify-plugin';
import type { NewAuditEntry } from '@leakwatch/db';
import { actorOf } from '../http/identity.js';

export interface AuditRecord {
  action: string;
  targetType?: string;
  targetId?: string | null;
  details?: Record<string, unknown>;
  /** Who acted, when it is not the caller (a failed sign-in names the account tried). */
  actor?: Pick<NewAuditEntry, 'actorType' | 'actorId'>;
}

declare module 'fastify' {
  interface FastifyRequest {
    /** Appends to the tamper-evident audit log with this request's actor, id and IP. */
    audit(record: AuditRecord): Promise<void>;
  }
}

export const audit = fp(
  (app) => {
    const { repos } = app.deps;
    app.decorateRequest('audit', async function (this, record: AuditRecord) {
      const actor = record.actor ?? actorOf(this.identity);
      await repos.audit.append({
        ...actor,
        action: record.action,
        targetType: record.targetType ?? null,
        targetId: record.targetId ?? null,
        requestId: this.id,
        ip: this.ip,
        details: record.details ?? {},
      });
    });
    return Promise.resolve();
  },
  { name: 'leakwatch-audit', dependencies: ['leakwatch-authentication'] },
);
