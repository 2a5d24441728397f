import { asc, eq, sql } from 'drizzle-orm';
import type { Database } from '../client.js';
import { users } from '../schema/index.js';

export type User = typeof users.$inferSelect;
export type NewUser = typeof users.$inferInsert;
export type UserRole = User['role'];

export interface UserChanges {
  displayName?: string;
  role?: UserRole;
  permissions?: string[];
  routingTargetId?: string | null;
  locale?: string;
  disabled?: boolean;
}

export interface LockoutSettings {
  threshold: number;
  baseSeconds: number;
  maxSeconds: number;
}

export class UsersRepository {
  constructor(private readonly db: Database) {}

  /** Creates an account; undefined when the (lower-cased) email is taken. */
  async create(user: NewUser): Promise<User | undefined> {
    const rows = await this.db
      .insert(users)
      .values({ ...user, email: user.email.toLowerCase() })
      .onConflictDoNothing({ target: users.email })
      .returning();
    return rows[0];
  }

  async findByEmail(email: string): Promise<User | undefined> {
    const rows = await this.db.select().from(users).where(eq(users.email, email.toLowerCase()));
    return rows[0];
  }

  async findById(id: string): Promise<User | undefined> {
    const rows = await this.db.select().from(users).where(eq(users.id, id));
    return rows[0];
  }

  async list(): Promise<User[]> {
    return this.db.select().from(users).orderBy(asc(users.createdAt));
  }

  async count(): Promise<number> {
    const rows = await this.db.select({ count: sql<string>`count(*)` }).from(users);
    return Number(rows[0]?.count ?? 0);
  }

  async update(id: string, changes: UserChanges): Promise<User | undefined> {
    const { disabled, ...rest } = changes;
    const values: Partial<NewUser> = { ...rest };
    if (disabled !== undefined) values.disabledAt = disabled ? new Date() : null;
    if (Object.keys(values).length === 0) return this.findById(id);
    const rows = await this.db.update(users).set(values).where(eq(users.id, id)).returning();
    return rows[0];
  }

  async setPassword(id: string, passwordHash: string): Promise<void> {
    await this.db
      .update(users)
      .set({ passwordHash, passwordChangedAt: new Date(), failedLoginCount: 0, lockedUntil: null })
      .where(eq(users.id, id));
  }

  /**
   * Counts a failed sign-in and, from the threshold on, locks the account for an exponentially
   * growing time. One statement, so concurrent guesses cannot lose an increment.
   */
  async recordFailedLogin(id: string, policy: LockoutSettings): Promise<User | undefined> {
    const failures = sql`${users.failedLoginCount} + 1`;
    const rows = await this.db
      .update(users)
      .set({
        failedLoginCount: failures,
        lockedUntil: sql`case when ${failures} >= ${policy.threshold}
          then now() + make_interval(secs => least(${policy.maxSeconds}::double precision,
            ${policy.baseSeconds} * power(2, ${failures} - ${policy.threshold})))
          else ${users.lockedUntil} end`,
      })
      .where(eq(users.id, id))
      .returning();
    return rows[0];
  }

  async recordSuccessfulLogin(id: string): Promise<void> {
    await this.db
      .update(users)
      .set({ failedLoginCount: 0, lockedUntil: null })
      .where(eq(users.id, id));
  }
}
