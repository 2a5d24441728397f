import { installGracefulShutdown } from '@leakwatch/queue';
import { openRuntime } from '@leakwatch/runtime';
import { buildApp } from './app.js';
import { lazyDocumentServices } from './document-services.js';

const runtime = await openRuntime({ name: 'api', poolSize: 20 });
const { config, log } = runtime;
const documentServices = lazyDocumentServices(config, runtime.repos, log);
const app = await buildApp({
  config,
  repos: runtime.repos,
  redis: runtime.redis,
  log,
  documentServices,
});

installGracefulShutdown(
  [
    { name: 'http', close: () => app.close() },
    { name: 'documents', close: () => documentServices.close() },
    { name: 'runtime', close: () => runtime.close() },
  ],
  { log, timeoutMs: config.shutdownTimeoutMs },
);

await app.listen({ host: config.api.host, port: config.api.port });
if ((await runtime.repos.users.count()) === 0)
  log.warn(
    'no accounts exist yet: create the first admin with `pnpm leakwatch users create-admin --email …` (or start with `pnpm start`, which prints one)',
  );
log.info({ url: config.api.publicUrl }, 'API listening');
