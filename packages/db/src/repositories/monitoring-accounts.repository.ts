import { asc, eq } from 'drizzle-orm';
import type { Database } from '../client.js';
import { monitoringAccounts } from '../schema/index.js';

export type MonitoringAccount = typeof monitoringAccounts.$inferSelect;
export type NewMonitoringAccount = typeof monitoringAccounts.$inferInsert;

/** Facebook accounts the department owns; their cookies are stored sealed, never in clear. */
export class MonitoringAccountsRepository {
  constructor(private readonly db: Database) {}

  /** Returns undefined when the label is taken. */
  async create(account: NewMonitoringAccount): Promise<MonitoringAccount | undefined> {
    const rows = await this.db
      .insert(monitoringAccounts)
      .values(account)
      .onConflictDoNothing({ target: monitoringAccounts.label })
      .returning();
    return rows[0];
  }

  async findById(id: string): Promise<MonitoringAccount | undefined> {
    const rows = await this.db
      .select()
      .from(monitoringAccounts)
      .where(eq(monitoringAccounts.id, id));
    return rows[0];
  }

  async findByLabel(label: string): Promise<MonitoringAccount | undefined> {
    const rows = await this.db
      .select()
      .from(monitoringAccounts)
      .where(eq(monitoringAccounts.label, label));
    return rows[0];
  }

  async list(): Promise<MonitoringAccount[]> {
    return this.db.select().from(monitoringAccounts).orderBy(asc(monitoringAccounts.createdAt));
  }

  /** New cookies (after someone signed in again): the account is usable again. */
  async replaceStorageState(id: string, sealed: Buffer): Promise<MonitoringAccount | undefined> {
    const rows = await this.db
      .update(monitoringAccounts)
      .set({
        storageStateCiphertext: sealed,
        state: 'pending',
        stateUntil: null,
        lastError: null,
        updatedAt: new Date(),
      })
      .where(eq(monitoringAccounts.id, id))
      .returning();
    return rows[0];
  }

  async recordUse(
    id: string,
    outcome: Pick<MonitoringAccount, 'state' | 'stateUntil' | 'lastError'>,
  ): Promise<void> {
    await this.db
      .update(monitoringAccounts)
      .set({ ...outcome, lastUsedAt: new Date(), updatedAt: new Date() })
      .where(eq(monitoringAccounts.id, id));
  }

  /** Deletes the account and its cookies; its sources fall back to crawling without one. */
  async remove(id: string): Promise<MonitoringAccount | undefined> {
    const rows = await this.db
      .delete(monitoringAccounts)
      .where(eq(monitoringAccounts.id, id))
      .returning();
    return rows[0];
  }
}
