import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { isProcessAlive } from './processes.js';

/**
 * Who started a local server: the process that must stop it. Another LeakWatch process that
 * finds the server running attaches to it and leaves it alone; if the owner died without
 * stopping it (SIGKILL), the next process adopts it so it is not left running forever.
 */
interface OwnerRecord {
  pid: number;
  port: number;
}

const fileName = 'owner.json';

export async function readOwner(dir: string): Promise<OwnerRecord | undefined> {
  try {
    const parsed = JSON.parse(
      await readFile(path.join(dir, fileName), 'utf8'),
    ) as Partial<OwnerRecord>;
    if (typeof parsed.pid === 'number' && typeof parsed.port === 'number') {
      return { pid: parsed.pid, port: parsed.port };
    }
    return undefined;
  } catch {
    return undefined;
  }
}

export async function writeOwner(dir: string, record: OwnerRecord): Promise<void> {
  await writeFile(path.join(dir, fileName), JSON.stringify(record));
}

/** True when the recorded owner is another live process (so we must not stop the server). */
export function ownedByAnotherLiveProcess(owner: OwnerRecord | undefined): boolean {
  return owner !== undefined && owner.pid !== process.pid && isProcessAlive(owner.pid);
}
