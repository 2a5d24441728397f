import { asc, eq } from 'drizzle-orm';
import type { Database } from '../client.js';
import { deadlineRules, routingRules, type routingTargets } from '../schema/index.js';
import { RoutingTargetsRepository } from './routing-targets.repository.js';

export type RoutingRuleRow = typeof routingRules.$inferSelect;
export type NewRoutingRule = typeof routingRules.$inferInsert;
export type DeadlineRuleRow = typeof deadlineRules.$inferSelect;
export type NewDeadlineRule = typeof deadlineRules.$inferInsert;

/**
 * Routing rules (which targets hear of which incident events) and deadline rules (which clocks
 * run on an incident): records administrators edit, read where they are applied.
 */
export class RulesRepository {
  constructor(private readonly db: Database) {}

  async routingRules(filter: { active?: boolean } = {}): Promise<RoutingRuleRow[]> {
    return this.db
      .select()
      .from(routingRules)
      .where(filter.active === undefined ? undefined : eq(routingRules.active, filter.active))
      .orderBy(asc(routingRules.event), asc(routingRules.createdAt));
  }

  async routingRuleById(id: string): Promise<RoutingRuleRow | undefined> {
    const rows = await this.db.select().from(routingRules).where(eq(routingRules.id, id));
    return rows[0];
  }

  async createRoutingRule(rule: NewRoutingRule): Promise<RoutingRuleRow> {
    const [row] = await this.db.insert(routingRules).values(rule).returning();
    if (!row) throw new Error('routing rule not created');
    return row;
  }

  async updateRoutingRule(
    id: string,
    changes: Partial<NewRoutingRule>,
  ): Promise<RoutingRuleRow | undefined> {
    const rows = await this.db
      .update(routingRules)
      .set({ ...changes, updatedAt: new Date() })
      .where(eq(routingRules.id, id))
      .returning();
    return rows[0];
  }

  /** What routing applies at one moment: the active rules and the targets active then. */
  async routingAt(at: Date): Promise<{
    rules: RoutingRuleRow[];
    targets: (typeof routingTargets.$inferSelect)[];
  }> {
    const [rules, targets] = await Promise.all([
      this.routingRules({ active: true }),
      new RoutingTargetsRepository(this.db).list({ activeAt: at }),
    ]);
    return { rules, targets };
  }

  async deadlineRules(filter: { active?: boolean } = {}): Promise<DeadlineRuleRow[]> {
    return this.db
      .select()
      .from(deadlineRules)
      .where(filter.active === undefined ? undefined : eq(deadlineRules.active, filter.active))
      .orderBy(asc(deadlineRules.name));
  }

  async deadlineRuleById(id: string): Promise<DeadlineRuleRow | undefined> {
    const rows = await this.db.select().from(deadlineRules).where(eq(deadlineRules.id, id));
    return rows[0];
  }

  /** Creates a deadline rule; undefined when the name is taken. */
  async createDeadlineRule(rule: NewDeadlineRule): Promise<DeadlineRuleRow | undefined> {
    const [row] = await this.db
      .insert(deadlineRules)
      .values(rule)
      .onConflictDoNothing()
      .returning();
    return row;
  }

  async updateDeadlineRule(
    id: string,
    changes: Partial<NewDeadlineRule>,
  ): Promise<DeadlineRuleRow | undefined> {
    const rows = await this.db
      .update(deadlineRules)
      .set({ ...changes, updatedAt: new Date() })
      .where(eq(deadlineRules.id, id))
      .returning();
    return rows[0];
  }
}
