import os from 'node:os';
import type { DiagnosticsExport } from '../contract/diagnostics.js';
import type { AppInfo, ContextsSnapshot, ProbeResult } from '../contract/models.js';
import type { MeshInstallStatus } from '../contract/install.js';
import { toErrorShape, type RpcErrorShape } from '../contract/errors.js';
import { readLock, hostTarget, verifiedIstioctl } from '../install/release.js';
import { bundlePaths, type BundlePaths } from '../platform/bundle-paths.js';
import { bundledImages } from '../images/layout.js';
import type { LogEntry } from './recent-log.js';
import { redact, redactText } from './redact.js';

/**
 * "Export diagnostics": what someone helping needs to see, in one JSON file. The sources are handed in by core.ts
 * (the same calls the UI makes), so this module only gathers, bounds and redacts. Every context is probed, a few at a
 * time and each with a short timeout; the mesh status is read for one context (the current one by default).
 */
export interface DiagnosticsSources {
  appInfo(): Promise<AppInfo>;
  contexts(): Promise<ContextsSnapshot>;
  probe(context: string, timeoutMs: number): Promise<ProbeResult>;
  meshStatus(context: string): Promise<MeshInstallStatus>;
  recentLog(): LogEntry[];
}

export interface DiagnosticsOptions {
  context?: string;
  now?: Date;
  paths?: BundlePaths;
  maxContexts?: number;
  probeTimeoutMs?: number;
  parallelProbes?: number;
}

const failed = (err: unknown): { error: RpcErrorShape } => ({ error: toErrorShape(err) });

async function bundleState(paths: BundlePaths) {
  const lock = readLock(paths.lockFile);
  let istioctl: { status: 'verified'; path: string } | { status: 'refused'; error: RpcErrorShape };
  try {
    istioctl = { status: 'verified', path: await verifiedIstioctl(paths) };
  } catch (err) {
    istioctl = { status: 'refused', error: toErrorShape(err) };
  }
  return {
    layout: paths.layout,
    istioVersion: lock?.version ?? null,
    istioModule: lock?.module ?? null,
    target: hostTarget(),
    istioctl,
    images: bundledImages(paths.imagesDir),
    lockImages: lock?.images.map((i) => i.reference) ?? [],
  };
}

/** Runs `fn` over `items`, at most `limit` at once, keeping their order. */
async function inBatches<T, R>(items: readonly T[], limit: number, fn: (item: T) => Promise<R>): Promise<R[]> {
  const out: R[] = [];
  for (let i = 0; i < items.length; i += limit) out.push(...(await Promise.all(items.slice(i, i + limit).map(fn))));
  return out;
}

export async function collectDiagnostics(sources: DiagnosticsSources, options: DiagnosticsOptions = {}) {
  const now = options.now ?? new Date();
  const maxContexts = options.maxContexts ?? 25;
  const timeoutMs = options.probeTimeoutMs ?? 4000;
  const [app, snapshot, bundle] = await Promise.all([
    sources.appInfo().catch(failed),
    sources.contexts().catch(failed),
    bundleState(options.paths ?? bundlePaths()),
  ]);
  const contexts = 'error' in snapshot ? [] : snapshot.contexts;
  const probed = await inBatches(contexts.slice(0, maxContexts), options.parallelProbes ?? 4, async (c) => {
    const probe = await sources.probe(c.name, timeoutMs).catch((err: unknown) => ({ context: c.name, reachable: false, latencyMs: 0, ...failed(err) }));
    return { name: c.name, cluster: c.cluster, server: c.server, authKind: c.authKind, sourceFile: c.sourceFile, warnings: c.warnings, probe };
  });
  const meshContext = options.context ?? ('error' in snapshot ? undefined : snapshot.currentContext);
  const mesh = meshContext
    ? { context: meshContext, ...(await sources.meshStatus(meshContext).then((status) => ({ status }), failed)) }
    : { context: null, note: 'no current context' };
  return {
    generatedAt: now.toISOString(),
    app,
    runtime: {
      node: process.versions.node,
      electron: process.versions.electron ?? null,
      os: `${os.type()} ${os.release()}`,
      arch: process.arch,
    },
    bundle,
    contexts: 'error' in snapshot
      ? snapshot
      : { current: snapshot.currentContext ?? null, files: snapshot.files, problems: snapshot.problems, shown: probed.length, total: contexts.length, list: probed },
    mesh,
    recentLog: sources.recentLog(),
  };
}

/** The report as a file: redacted as data, then its text once more. */
export async function exportDiagnostics(sources: DiagnosticsSources, options: DiagnosticsOptions = {}): Promise<DiagnosticsExport> {
  const report = await collectDiagnostics(sources, options);
  const text = redactText(JSON.stringify(redact(report), null, 2));
  const stamp = report.generatedAt.replace(/[:.]/g, '-');
  return { fileName: `meshdeck-diagnostics-${stamp}.json`, generatedAt: report.generatedAt, text: `${text}\n` };
}
