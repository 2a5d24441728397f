import { eq } from 'drizzle-orm';
import type { Database } from '../client.js';
import { jobCompletions } from '../schema/index.js';

export type JobCompletion = typeof jobCompletions.$inferSelect;

export class JobCompletionsRepository {
  constructor(private readonly db: Database) {}

  async find(jobKey: string): Promise<JobCompletion | undefined> {
    const rows = await this.db
      .select()
      .from(jobCompletions)
      .where(eq(jobCompletions.jobKey, jobKey));
    return rows[0];
  }
}
