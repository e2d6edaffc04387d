import { homedir } from 'node:os';
import { join } from 'node:path';

/** Where Meshdeck keeps its own state (settings, confirmations, the sandbox): MESHDECK_HOME, else ~/.meshdeck. */
export function meshdeckHome(env: NodeJS.ProcessEnv = process.env): string {
  return env.MESHDECK_HOME || join(homedir(), '.meshdeck');
}
