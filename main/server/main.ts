import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { createCore } from '../core.js';
import { startWebServer } from './web-server.js';

/** `npm run web`: serves the UI and the contract on loopback and prints the URL with its token. */
const staticDir = fileURLToPath(new URL('../../dist/renderer', import.meta.url));
if (!existsSync(`${staticDir}/index.html`)) {
  console.error('The UI is not built yet: run `npm run build:renderer` (npm run web does it for you).');
  process.exit(1);
}
// A failure in one background watch must not take the whole server down.
process.on('unhandledRejection', (reason) => console.error(`meshdeck: unhandled rejection: ${reason instanceof Error ? reason.message : String(reason)}`));
const core = await createCore();
const server = await startWebServer({ handlers: core.handlers, staticDir, port: Number(process.env.MESHDECK_WEB_PORT ?? 0) });
console.log(`Meshdeck web mode (loopback only). Open this login URL once (it works one time):\n  ${server.loginUrl}`);
if (process.stdin.isTTY) {
  // Each login URL works once and sessions end (12 h, or 1 h idle): a new URL on demand, for another browser or later.
  console.log('Press Enter for another login URL.');
  process.stdin.on('data', () => console.log(`  ${server.newLoginUrl()}`));
}
const stop = async () => { await server.close(); await core.dispose(); process.exit(0); };
process.on('SIGINT', () => void stop());
process.on('SIGTERM', () => void stop());
