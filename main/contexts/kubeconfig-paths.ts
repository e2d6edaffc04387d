import path from 'node:path';

/**
 * The kubeconfig files kubectl would read, in priority order.
 *
 * Mirrors client-go's loading rules: a non-empty KUBECONFIG is split on the OS path-list
 * delimiter (passed in so both platforms can be tested anywhere), empty entries are dropped and
 * repeats keep their first position. Only an unset or empty KUBECONFIG falls back to
 * `<home>/.kube/config`; a value such as ":" names no file at all, as it does for kubectl.
 */
export function kubeconfigPaths(env: { KUBECONFIG?: string }, home: string, delimiter: string): string[] {
  const raw = env.KUBECONFIG;
  if (raw === undefined || raw === '') return [path.join(home, '.kube', 'config')];
  const seen = new Set<string>();
  const paths: string[] = [];
  for (const entry of raw.split(delimiter)) {
    if (entry === '' || seen.has(entry)) continue;
    seen.add(entry);
    paths.push(entry);
  }
  return paths;
}
