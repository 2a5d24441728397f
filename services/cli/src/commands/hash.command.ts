import type { Command } from 'commander';
import { fingerprintImage, type ImageFingerprint } from '@leakwatch/fingerprint';
import { imageFileLimit, readInputFile, toCodedError } from '../files.js';
import { print, printError, printJson } from '../output.js';

/** The `--json` line, with the field order documented for scripts. */
function jsonLine(file: string, fingerprint: ImageFingerprint): Record<string, unknown> {
  return {
    file,
    sha256: fingerprint.sha256,
    width: fingerprint.width,
    height: fingerprint.height,
    pdq: fingerprint.pdq,
    pdqQuality: fingerprint.pdqQuality,
    pdqDihedral: fingerprint.pdqDihedral,
    phash: fingerprint.phash,
    dhash: fingerprint.dhash,
    blockhash: fingerprint.blockhash,
  };
}

export function registerHashCommand(program: Command): void {
  program
    .command('hash')
    .description(
      'fingerprint image files: SHA-256, PDQ (with its 8 rotations and flips), pHash, dHash, blockhash; needs no database',
    )
    .argument('<image...>', 'image files (JPEG, PNG, WebP, GIF, TIFF, AVIF)')
    .option('--json', 'one JSON line per image')
    .option(
      '--conformance',
      'decode like the PDQ reference (no EXIF rotation, no colour management), to compare with other PDQ tools',
    )
    .action(async (files: string[], options: { json?: boolean; conformance?: boolean }) => {
      const mode = options.conformance ? 'conformance' : 'matching';
      let failures = 0;
      // One image at a time: output stays in argument order and memory holds one decode.
      for (const file of files) {
        try {
          const fingerprint = await fingerprintImage(await readInputFile(file, imageFileLimit), {
            mode,
          });
          if (options.json) printJson(jsonLine(file, fingerprint));
          else
            print(
              `${file}  ${fingerprint.width}x${fingerprint.height}  sha256 ${fingerprint.sha256}  pdq ${fingerprint.pdq} (quality ${fingerprint.pdqQuality})  phash ${fingerprint.phash}  dhash ${fingerprint.dhash}  blockhash ${fingerprint.blockhash}`,
            );
        } catch (error) {
          failures++;
          const coded = toCodedError(error);
          if (options.json) printJson({ file, error: coded });
          else printError(`${file}  error ${coded.code}: ${coded.message}`);
        }
      }
      if (failures > 0) process.exitCode = 1;
    });
}
