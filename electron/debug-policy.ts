/**
 * Debugging hooks give whoever opens them the app's page and so the user's clusters. A packaged app (what users
 * install) has none: no DevTools, and it will not start with a debugger switch; a development run keeps both.
 * Pure so that it is tested without Electron; main.ts passes app.isPackaged and process.argv.
 */
export interface BuildKind {
  isPackaged: boolean;
}

export function devToolsEnabled(build: BuildKind): boolean {
  return !build.isPackaged;
}

/** Chromium's remote debugging and Node's inspector (the inspector is also closed by a fuse, see fuses.ts). */
const DEBUG_SWITCH = /^--(remote-debugging-port|remote-debugging-pipe|remote-debugging-address|inspect|inspect-brk|inspect-port|inspect-publish-uid)(=|$)/;

/** The arguments a packaged app refuses to start with; none in a development run. */
export function refusedDebugArguments(build: BuildKind, argv: readonly string[]): string[] {
  if (!build.isPackaged) return [];
  return argv.slice(1).filter((arg) => DEBUG_SWITCH.test(arg));
}
