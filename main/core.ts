import type { Handlers } from './rpc/server.js';

export interface CoreOptions {
  /** Environment to read KUBECONFIG and HOME from; defaults to process.env. */
  env?: NodeJS.ProcessEnv;
}

export interface Core {
  handlers: Handlers;
  dispose(): Promise<void>;
}

/** Builds the core: every capability's service, bound to the contract. */
export async function createCore(_options: CoreOptions = {}): Promise<Core> {
  throw new Error('createCore: not assembled yet');
}
