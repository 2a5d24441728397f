export {
  runRetention,
  type RetentionRunDependencies,
  type RetentionRunReport,
} from './run-retention.js';
export { runAuditedRetention } from './audited-run.js';
