import type { RetentionSettings } from '@leakwatch/evidence';
import {
  runRetention,
  type RetentionRunDependencies,
  type RetentionRunReport,
} from './run-retention.js';

/**
 * A real or dry run as operators start it (`retention run`) or the daily schedule does; a real
 * run enters the audit log with its counts (never a key or a hash) under `actorId`.
 */
export async function runAuditedRetention(
  deps: RetentionRunDependencies,
  options: { settings: RetentionSettings; dryRun: boolean; actorId: string },
): Promise<RetentionRunReport> {
  const report = await runRetention(deps, {
    settings: options.settings,
    dryRun: options.dryRun,
  });
  // A dry run deletes nothing, so only real runs enter the audit log.
  if (!report.dryRun)
    await deps.repos.audit.append({
      actorType: 'system',
      actorId: options.actorId,
      action: 'retention.ran',
      targetType: 'retention',
      details: { ...report },
    });
  return report;
}
