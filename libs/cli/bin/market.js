#!/usr/bin/env node
// `market`: the marketplace's command-line tool. Runs the TypeScript sources through tsx with
// the repository's tsconfig (for the @market/* aliases), from whatever directory it is called in.
import { fileURLToPath } from 'node:url';
import { register } from 'tsx/esm/api';

register({ tsconfig: fileURLToPath(new URL('../../../tsconfig.json', import.meta.url)) });
await import('../src/main.ts');
