import { readFileSync } from 'node:fs';

/** The nearest-rank percentile of a sample (NaN when it is empty). */
export function percentile(sample: readonly number[], p: number): number {
  const sorted = [...sample].sort((a, b) => a - b);
  return (
    sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? Number.NaN
  );
}

/** Peak resident memory of a process so far (the kernel keeps it: VmHWM); 0 once it is gone. */
export function peakRssBytes(pid: number): number {
  try {
    const line = readFileSync(`/proc/${pid}/status`, 'utf8')
      .split('\n')
      .find((entry) => entry.startsWith('VmHWM:'));
    return Number(/(\d+)/.exec(line ?? '')?.[1] ?? 0) * 1024;
  } catch {
    return 0;
  }
}

/**
 * Seconds spent in each pipeline stage and how many images each saw, summed over the worker
 * processes' own metrics endpoints (`leakwatch_stage_duration_seconds`).
 */
export async function stageSeconds(
  metricsPorts: readonly number[],
): Promise<Map<string, { sum: number; count: number }>> {
  const stages = new Map<string, { sum: number; count: number }>();
  for (const port of metricsPorts) {
    const text = await (await fetch(`http://127.0.0.1:${port}/metrics`)).text();
    for (const match of text.matchAll(
      /^leakwatch_stage_duration_seconds_(sum|count)\{[^}]*stage="(\w+)"[^}]*\} (\S+)$/gm,
    )) {
      const [, kind = '', stage = '', value = '0'] = match;
      const entry = stages.get(stage) ?? { sum: 0, count: 0 };
      if (kind === 'sum') entry.sum += Number(value);
      else entry.count += Number(value);
      stages.set(stage, entry);
    }
  }
  return stages;
}
