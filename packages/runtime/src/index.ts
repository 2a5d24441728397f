export { openRuntime, type OpenRuntimeOptions, type Runtime } from './open-runtime.js';
export { keyId, loadSecrets, type Secrets } from './secrets.js';
