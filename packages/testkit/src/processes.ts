import { readdirSync, readFileSync } from 'node:fs';

export interface ProcessInfo {
  pid: number;
  ppid: number;
  pgid: number;
  cmdline: string;
}

/** Every process on this (Linux) machine, read from /proc. */
export function listProcesses(): ProcessInfo[] {
  const result: ProcessInfo[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      // The command name (field 2) may contain spaces and parentheses: split after the last ')'.
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      const state = fields[0];
      if (state === 'Z') continue;
      const cmdline = readFileSync(`/proc/${entry}/cmdline`, 'utf8').replaceAll('\0', ' ').trim();
      result.push({
        pid: Number(entry),
        ppid: Number(fields[1]),
        pgid: Number(fields[2]),
        cmdline,
      });
    } catch {
      // the process ended while we looked
    }
  }
  return result;
}

/** `root` and every process descending from it. */
export function processTree(rootPid: number, processes = listProcesses()): ProcessInfo[] {
  const tree: ProcessInfo[] = [];
  const frontier = [rootPid];
  while (frontier.length > 0) {
    const pid = frontier.pop();
    for (const candidate of processes) {
      if (candidate.pid === pid) tree.push(candidate);
      if (candidate.ppid === pid) frontier.push(candidate.pid);
    }
  }
  return tree;
}
