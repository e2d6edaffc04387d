import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { stringify } from 'yaml';
import { PORTS, type SandboxLayout } from './layout.js';

/** Prometheus scrapes the traffic simulator; it listens on all addresses of the sandbox's own namespace
 * so that the Prometheus "pod" IP (any 10.x there) reaches it through the API server's proxy. */
export function prometheusArgs(l: SandboxLayout, listenAll: boolean): string[] {
  const dir = join(l.dir, 'prometheus');
  mkdirSync(join(dir, 'data'), { recursive: true });
  const config = join(dir, 'prometheus.yml');
  writeFileSync(config, stringify({
    global: { scrape_interval: '5s', evaluation_interval: '5s' },
    scrape_configs: [
      { job_name: 'envoy-stats', metrics_path: '/metrics', static_configs: [{ targets: [`127.0.0.1:${PORTS.simulator}`] }] },
    ],
  }));
  return [
    `--config.file=${config}`, `--storage.tsdb.path=${join(dir, 'data')}`, '--storage.tsdb.retention.time=6h',
    `--web.listen-address=${listenAll ? '0.0.0.0' : '127.0.0.1'}:${PORTS.prometheus}`,
  ];
}

export function registryConfig(l: SandboxLayout): string {
  const dir = join(l.dir, 'registry');
  mkdirSync(join(dir, 'data'), { recursive: true });
  const config = join(dir, 'config.yml');
  writeFileSync(config, stringify({
    version: 0.1,
    log: { level: 'warn' },
    storage: { filesystem: { rootdirectory: join(dir, 'data') }, delete: { enabled: true } },
    http: { addr: `127.0.0.1:${PORTS.registry}` },
  }));
  return config;
}
