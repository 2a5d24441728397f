#!/usr/bin/env node
// The CLI is TypeScript run through tsx's loader, like every LeakWatch process (docs/adr/0001).
import { register } from 'tsx/esm/api';

register();
await import('../src/main.ts');
