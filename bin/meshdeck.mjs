#!/usr/bin/env node
// Runs the TypeScript command-line front end through tsx (a packaged build ships compiled JS instead).
import { register } from 'tsx/esm/api';

register();
await import('../main/cli/meshdeck.ts');
