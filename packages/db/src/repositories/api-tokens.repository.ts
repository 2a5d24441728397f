import { and, desc, eq, gt, isNull, or } from 'drizzle-orm';
import type { Database } from '../client.js';
import { apiTokens } from '../schema/index.js';

export type ApiToken = typeof apiTokens.$inferSelect;
export type NewApiToken = typeof apiTokens.$inferInsert;

export class ApiTokensRepository {
  constructor(private readonly db: Database) {}

  async create(token: NewApiToken): Promise<ApiToken> {
    const rows = await this.db.insert(apiTokens).values(token).returning();
    const row = rows[0];
    if (!row) throw new Error('token insert returned no row');
    return row;
  }

  /** A token that is neither revoked nor expired, by the digest of its secret. */
  async findUsable(tokenHash: string, now = new Date()): Promise<ApiToken | undefined> {
    const rows = await this.db
      .select()
      .from(apiTokens)
      .where(
        and(
          eq(apiTokens.tokenHash, tokenHash),
          isNull(apiTokens.revokedAt),
          or(isNull(apiTokens.expiresAt), gt(apiTokens.expiresAt, now)),
        ),
      );
    return rows[0];
  }

  async list(): Promise<ApiToken[]> {
    return this.db.select().from(apiTokens).orderBy(desc(apiTokens.createdAt));
  }

  async markUsed(id: string): Promise<void> {
    await this.db.update(apiTokens).set({ lastUsedAt: new Date() }).where(eq(apiTokens.id, id));
  }

  /** Revokes a token; undefined when it does not exist, the old row when already revoked. */
  async revoke(id: string): Promise<{ token: ApiToken; changed: boolean } | undefined> {
    const rows = await this.db
      .update(apiTokens)
      .set({ revokedAt: new Date() })
      .where(and(eq(apiTokens.id, id), isNull(apiTokens.revokedAt)))
      .returning();
    if (rows[0]) return { token: rows[0], changed: true };
    const existing = await this.db.select().from(apiTokens).where(eq(apiTokens.id, id));
    return existing[0] ? { token: existing[0], changed: false } : undefined;
  }
}
