export {
  createDatabase,
  type CreateDatabaseOptions,
  type Database,
  type DatabaseHandle,
} from './client.js';
export { isDatabaseUnavailable } from './connection-errors.js';
export {
  migrateDatabase,
  migrationsFolder,
  shippedMigrations,
  type MigrationStatus,
} from './migrate.js';
export {
  openChangeFeed,
  watchedTables,
  type ChangeFeed,
  type ChangeFeedOptions,
  type WatchedTable,
} from './change-feed.js';
export * from './repositories/index.js';
export * as schema from './schema/index.js';
