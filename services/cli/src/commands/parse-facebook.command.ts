import type { Command } from 'commander';
import { parseFacebookBody, type ParsedPost } from '@leakwatch/facebook';
import { readInputFile, toCodedError } from '../files.js';
import { print, printError, printJson } from '../output.js';

/** Saved pages and response bodies are text; anything bigger than this is not one. */
const bodyFileLimit = { maxBytes: 64 * 1024 * 1024, code: 'LW_DOCUMENT_TOO_LARGE' as const };

function postLine(post: ParsedPost): Record<string, unknown> {
  return {
    id: post.id,
    permalink: post.permalink,
    createdAt: post.createdAt,
    text: post.text,
    images: post.images.map(({ url, key, width, height, kind }) => ({
      url,
      key,
      width,
      height,
      kind,
    })),
    author: post.author,
    hiddenPhotos: post.hiddenPhotos,
    mediaSetUrl: post.mediaSetUrl,
    shared: post.shared ? postLine(post.shared) : null,
    reach: post.reach,
  };
}

export function registerParseFacebookCommand(program: Command): void {
  program
    .command('parse-facebook')
    .description(
      'parse saved Facebook page HTML or GraphQL/JSON response bodies offline, with the crawler’s own parser (checks a layout change)',
    )
    .argument('<file...>', 'saved .html or response bodies')
    .option(
      '--json',
      'one JSON line per file: { file, posts: [ { id, permalink, createdAt, text, images: [ { url, key, width, height, kind } ], … } ], pageInfo, errors }',
    )
    .action(async (files: string[], options: { json?: boolean }) => {
      let failures = 0;
      for (const file of files) {
        try {
          const body = (await readInputFile(file, bodyFileLimit)).toString('utf8');
          const parsed = parseFacebookBody(body);
          const line = {
            file,
            posts: parsed.posts.map(postLine),
            pageInfo: parsed.pageInfo,
            errors: parsed.errors,
          };
          if (options.json) printJson(line);
          else {
            print(
              `${file}: ${parsed.posts.length} post(s)${parsed.errors.length ? `, errors: ${parsed.errors.join('; ')}` : ''}`,
            );
            for (const post of parsed.posts)
              print(
                `  ${post.id}  ${post.createdAt ?? '?'}  ${post.images.length} image(s)${post.hiddenPhotos ? ` (+${post.hiddenPhotos} in the media set)` : ''}  ${(post.text ?? '').replace(/\s+/g, ' ').slice(0, 80)}`,
              );
          }
        } catch (error) {
          failures += 1;
          const coded = toCodedError(error);
          if (options.json) printJson({ file, error: coded });
          else printError(`${file}  error ${coded.code}: ${coded.message}`);
        }
      }
      if (failures > 0) process.exitCode = 1;
    });
}
