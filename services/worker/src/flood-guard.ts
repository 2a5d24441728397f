import type { FloodGuardPolicy } from '@leakwatch/db';
import {
  decideFloodHold,
  floodHoldNotification,
  type FloodGuardSettings,
} from '@leakwatch/incidents';

/**
 * The flood guard a verdict is recorded under: the configured rule, and the administrators'
 * e-mail linking the hold on the API's public address.
 */
export function floodGuardPolicy(
  settings: Readonly<FloodGuardSettings>,
  publicUrl: string,
): FloodGuardPolicy {
  return {
    windowMinutes: settings.windowMinutes,
    baselineDays: settings.baselineDays,
    decide: (counts) => decideFloodHold(counts, settings),
    notification: (hold, recipients) => floodHoldNotification(hold, recipients, publicUrl),
  };
}
