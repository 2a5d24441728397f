import { and, asc, eq, gt, isNull, lte, or, type SQL } from 'drizzle-orm';
import type { Database } from '../client.js';
import { routingTargets } from '../schema/index.js';

export type RoutingTarget = typeof routingTargets.$inferSelect;
export type NewRoutingTarget = typeof routingTargets.$inferInsert;
export type RoutingTargetChanges = Partial<
  Pick<
    NewRoutingTarget,
    | 'name'
    | 'formerNames'
    | 'kind'
    | 'emails'
    | 'webhookUrl'
    | 'webhookSecretCiphertext'
    | 'activeFrom'
    | 'activeUntil'
  >
>;

/** Receiving organisations, effective-dated: an incident is routed to those active at its time. */
export class RoutingTargetsRepository {
  constructor(private readonly db: Database) {}

  async list(filter: { activeAt?: Date } = {}): Promise<RoutingTarget[]> {
    const conditions: SQL[] = [];
    if (filter.activeAt) {
      const at = filter.activeAt;
      conditions.push(
        or(isNull(routingTargets.activeFrom), lte(routingTargets.activeFrom, at)) as SQL,
        or(isNull(routingTargets.activeUntil), gt(routingTargets.activeUntil, at)) as SQL,
      );
    }
    return this.db
      .select()
      .from(routingTargets)
      .where(conditions.length > 0 ? and(...conditions) : undefined)
      .orderBy(asc(routingTargets.name));
  }

  async findById(id: string): Promise<RoutingTarget | undefined> {
    const rows = await this.db.select().from(routingTargets).where(eq(routingTargets.id, id));
    return rows[0];
  }

  async create(target: NewRoutingTarget): Promise<RoutingTarget> {
    const [row] = await this.db.insert(routingTargets).values(target).returning();
    if (!row) throw new Error('routing target not created');
    return row;
  }

  async update(id: string, changes: RoutingTargetChanges): Promise<RoutingTarget | undefined> {
    const rows = await this.db
      .update(routingTargets)
      .set({ ...changes, updatedAt: new Date() })
      .where(eq(routingTargets.id, id))
      .returning();
    return rows[0];
  }
}
