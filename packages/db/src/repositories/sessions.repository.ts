import { and, eq, gt, lt, ne } from 'drizzle-orm';
import type { Database } from '../client.js';
import { sessions, users } from '../schema/index.js';

export type Session = typeof sessions.$inferSelect;
export type NewSession = typeof sessions.$inferInsert;

export class SessionsRepository {
  constructor(private readonly db: Database) {}

  async create(session: NewSession): Promise<Session> {
    const rows = await this.db.insert(sessions).values(session).returning();
    const row = rows[0];
    if (!row) throw new Error('session insert returned no row');
    return row;
  }

  /** The unexpired session with this id and its account. */
  async findActive(id: string, now = new Date()) {
    const rows = await this.db
      .select({ session: sessions, user: users })
      .from(sessions)
      .innerJoin(users, eq(users.id, sessions.userId))
      .where(and(eq(sessions.id, id), gt(sessions.expiresAt, now)));
    return rows[0];
  }

  async touch(id: string, expiresAt: Date): Promise<void> {
    await this.db
      .update(sessions)
      .set({ lastSeenAt: new Date(), expiresAt })
      .where(eq(sessions.id, id));
  }

  async delete(id: string): Promise<void> {
    await this.db.delete(sessions).where(eq(sessions.id, id));
  }

  /** Signs an account out everywhere (optionally except the session making the change). */
  async deleteForUser(userId: string, exceptId?: string): Promise<number> {
    const rows = await this.db
      .delete(sessions)
      .where(
        exceptId
          ? and(eq(sessions.userId, userId), ne(sessions.id, exceptId))
          : eq(sessions.userId, userId),
      )
      .returning({ id: sessions.id });
    return rows.length;
  }

  async deleteExpired(now = new Date()): Promise<number> {
    const rows = await this.db
      .delete(sessions)
      .where(lt(sessions.expiresAt, now))
      .returning({ id: sessions.id });
    return rows.length;
  }
}
