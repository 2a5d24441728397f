import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { findWorkspaceRoot } from '@leakwatch/config';
import { buildProgram, commandNames } from '../src/program.js';

// Loading every command module (and, below, starting a CLI process) takes seconds on a busy
// machine: room beyond the unit default.
const slow = { timeout: 60_000 };
const argv = (...args: string[]) => ['node', 'leakwatch', ...args];
const topLevel = async (...args: string[]) =>
  (await buildProgram(argv(...args))).commands.map((command) => command.name());

describe('the leakwatch program', () => {
  it(
    'loads only the command it runs, and each module defines the command it is filed under',
    slow,
    async () => {
      for (const name of commandNames) {
        expect(await topLevel(name, '--json'), name).toEqual([name]);
      }
    },
  );

  it('loads every command for help, no command, or a name it does not know', slow, async () => {
    expect(commandNames).toContain('docs');
    for (const args of [[], ['--help'], ['help', 'docs'], ['acounts', 'list'], ['toString']]) {
      expect(await topLevel(...args), args.join(' ')).toEqual(commandNames);
    }
  });

  it('suggests the command meant when a name is misspelt, as a user runs it', slow, () => {
    const root = findWorkspaceRoot();
    const run = spawnSync(
      process.execPath,
      [path.join(root, 'services/cli/bin/leakwatch.js'), 'acounts', 'list'],
      { cwd: root, encoding: 'utf8', timeout: 50_000 },
    );
    expect(run.status).toBe(1);
    expect(run.stderr).toContain("unknown command 'acounts'");
    expect(run.stderr).toContain('accounts');
  });
});
