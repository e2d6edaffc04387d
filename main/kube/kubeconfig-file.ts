import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ClusterConnection } from './connection.js';

/**
 * Runs `fn` with a private kubeconfig file holding only this connection's context (for the bundled
 * istioctl), deleted afterwards whatever happens.
 */
export async function withKubeconfigFile<T>(conn: ClusterConnection, fn: (path: string) => Promise<T>): Promise<T> {
  const dir = mkdtempSync(join(tmpdir(), 'meshdeck-kc-'));
  const path = join(dir, 'kubeconfig');
  try {
    writeFileSync(path, conn.kc.exportConfig(), { mode: 0o600 });
    return await fn(path);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
