import type { Command } from 'commander';
import { getConfig } from '@leakwatch/config';
import { redactUrl } from '@leakwatch/observability';
import { print, printJson } from '../output.js';

export function registerConfigCommands(program: Command): void {
  program
    .command('config')
    .description('validate the environment and show the effective configuration (secrets masked)')
    .option('--json', 'print as JSON')
    .action((options: { json?: boolean }) => {
      const config = getConfig();
      const view = {
        env: config.env,
        dataDir: config.dataDir,
        database: config.database.url
          ? redactUrl(config.database.url)
          : 'embedded (started on demand)',
        redis: config.redis.url
          ? redactUrl(config.redis.url)
          : `${config.redis.probeUrl} if it answers, else a local redis-server`,
        api: `${config.api.host}:${config.api.port}`,
        publicUrl: config.api.publicUrl,
        queuePrefix: config.queue.prefix,
        blobStore:
          config.blobs.kind === 'local'
            ? `local folder ${config.blobs.root}`
            : `s3 bucket ${config.blobs.bucket}${config.blobs.endpoint ? ` at ${config.blobs.endpoint}` : ''}`,
      };
      if (options.json) printJson(view);
      else for (const [key, value] of Object.entries(view)) print(`${key.padEnd(12)} ${value}`);
    });
}
