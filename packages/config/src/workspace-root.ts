import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * The checkout's root (where pnpm-workspace.yaml lives). Defaults such as `./.data/` are
 * relative to it rather than to the working directory, so `pnpm leakwatch` behaves the same
 * from any sub-folder.
 */
export function findWorkspaceRoot(start = path.dirname(fileURLToPath(import.meta.url))): string {
  let dir = start;
  for (;;) {
    if (existsSync(path.join(dir, 'pnpm-workspace.yaml'))) return dir;
    const parent = path.dirname(dir);
    if (parent === dir) return process.cwd();
    dir = parent;
  }
}
