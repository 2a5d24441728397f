// Worker threads start without the parent's TypeScript loader (`execArgv: []`): register tsx
// here, once, then run the thread's TypeScript (docs/adr/0001: processes run TS through tsx).
import { register } from 'tsx/esm/api';

register();
await import('./reader-thread.ts');
