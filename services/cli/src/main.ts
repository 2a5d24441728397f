import { describeError, printError } from './output.js';
import { buildProgram } from './program.js';

try {
  await (await buildProgram(process.argv)).parseAsync(process.argv);
} catch (error) {
  printError(describeError(error));
  process.exitCode = 1;
}
