import type { Command } from 'commander';
import { matchReportView } from '@leakwatch/matcher';
import { imageFileLimit, readInputFile, toCodedError } from '../files.js';
import { print, printError, printJson } from '../output.js';
import { openMatcher } from '../services.js';
import { withRuntime } from '../with-runtime.js';

export function registerMatchCommand(program: Command): void {
  program
    .command('match')
    .description('check images against the registered documents, with the reasons for each verdict')
    .argument('<image...>', 'image files')
    .option('--json', 'one JSON line per image: { file, verdict, matches, findings, seconds }')
    .action(async (files: string[], options: { json?: boolean }) => {
      let failures = 0;
      await withRuntime('match', async (runtime) => {
        const matcher = await openMatcher(runtime);
        try {
          for (const file of files) {
            try {
              const line = {
                file,
                ...matchReportView(await matcher.match(await readInputFile(file, imageFileLimit))),
              };
              if (options.json) printJson(line);
              else {
                const best = line.matches[0];
                print(
                  `${file}  ${line.verdict}${best ? `  "${best.title}" page ${best.page}  score ${best.score}  (${best.signals.rules.join(', ')}; agreed: ${best.signals.agreed.join(', ')})` : ''}  ${line.seconds}s`,
                );
              }
            } catch (error) {
              failures += 1;
              const coded = toCodedError(error);
              if (options.json) printJson({ file, error: coded });
              else printError(`${file}  error ${coded.code}: ${coded.message}`);
            }
          }
        } finally {
          await matcher.close();
        }
      });
      if (failures > 0) process.exitCode = 1;
    });
}
