import { readFileSync } from 'node:fs';
import { overviewStream } from './cluster/overview.js';
import { paletteTasks, readPaletteFacts } from './cluster/palette.js';
import { ContextsService } from './contexts/service.js';
import { pinnedImageValues, pushBundledImages, type PushedImage } from './images/service.js';
import { istioctl, istioVersion } from './install/release.js';
import { DraftStore } from './config/drafts.js';
import { UndoStore } from './config/undo-store.js';
import { MetricsService } from './metrics/service.js';
import { CanaryController } from './canary/controller.js';
import { CanaryDrivers } from './canary/drivers.js';
import { deploySample, setSampleCanaryHealth } from './canary/sample.js';
import { hostname } from 'node:os';
import { MetricsSources } from './metrics/sources.js';
import type { LiveConfig } from './config/live.js';
import { LiveConfigs } from './config/live-registry.js';
import { checkOffline, ConfigService, simulateOffline, wizardRead, wizardWrite } from './config/service.js';
import { meshdeckHome } from './platform/app-home.js';
import { bundlePaths } from './platform/bundle-paths.js';
import { MeshdeckError } from './contract/errors.js';
import { join } from 'node:path';
import { InstallService } from './install/service.js';
import { applyMeshChange, planMeshChange, relabelNamespaces, setWorkloadOptOut } from './inventory/mesh-change.js';
import { restartWorkloads } from './inventory/restart.js';
import { inventoryStream } from './inventory/store.js';
import { UpgradeService } from './upgrade/service.js';
import type { AppInfo } from './contract/models.js';
import type { Handlers } from './rpc/server.js';
import { SANDBOX_MARKER, sandboxIstioInstallValues } from './sandbox/istio-ports.js';
import { SandboxService } from './sandbox/service.js';
import { recordFailures, RecentLog, tapConsole } from './diagnostics/recent-log.js';
import { exportDiagnostics } from './diagnostics/report.js';

export interface CoreOptions {
  /** Environment to read KUBECONFIG and HOME from; defaults to process.env. */
  env?: NodeJS.ProcessEnv;
  /** Add the sandbox's kubeconfig to the context list (default true). */
  includeSandboxContexts?: boolean;
}

export interface Core {
  handlers: Handlers;
  contexts: ContextsService;
  dispose(): Promise<void>;
}

function appInfo(): AppInfo {
  const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version: string };
  return { name: 'Meshdeck', version: pkg.version, istio: istioVersion(), platform: `${process.platform}-${process.arch}` };
}

const SANDBOX_NOT_INSTALLED = 'The built-in sandbox comes with a development checkout of Meshdeck, not with the installed app; connect to a cluster of your own.';

/** This process, as it signs the rollouts it drives and the decisions it takes. */
const IDENTITY = `Meshdeck on ${hostname()} (pid ${process.pid})`;

/** Builds the core: every capability's service, bound to the contract. */
export async function createCore(options: CoreOptions = {}): Promise<Core> {
  const env = options.env ?? process.env;
  const sandbox = new SandboxService();
  const contexts = new ContextsService({
    env,
    extraFiles: options.includeSandboxContexts === false ? [] : [sandbox.kubeconfigPath()],
    // Meshdeck wrote the sandbox's kubeconfig (and its plugin): trusted however the file is listed.
    ownFiles: [sandbox.kubeconfigPath()],
  });
  const info = appInfo();
  // The sandbox builds its cluster from a development checkout (Go builds, the testbed's pins, tsx): an installed
  // app has none of that, so it says so instead of failing half-way.
  const installedApp = bundlePaths(env).layout === 'packaged';
  // The sandbox marks itself with a ConfigMap; its istiod runs on the host, so its webhooks need values of their own.
  const markers = [{ ...SANDBOX_MARKER, values: sandboxIstioInstallValues }];
  const installer = async (context: string) => new InstallService(await contexts.connection(context), markers);
  const metricsSources = new MetricsSources(join(meshdeckHome(env), 'metrics-sources.json'));
  const metrics = async (context: string) => new MetricsService(await contexts.connection(context), context, metricsSources);
  const intentPauseMs = Number(env.MESHDECK_CANARY_INTENT_PAUSE_MS ?? 0) || 0;
  const canaries = async (context: string) => new CanaryController(await contexts.connection(context), await metrics(context), IDENTITY, intentPauseMs);
  const drivers = new CanaryDrivers(canaries);
  const liveConfigs = new LiveConfigs();
  const drafts = new DraftStore(join(meshdeckHome(env), 'drafts'));
  const liveConfig = (context: string) => liveConfigs.get(context, () => contexts.connection(context));
  const undos = new UndoStore(join(meshdeckHome(env), 'undo'));
  const configs = async (context: string, live: LiveConfig) => new ConfigService(await contexts.connection(context), live, istioctl, undos);
  const withConfig = async <T>(context: string, fn: (c: ConfigService) => Promise<T>): Promise<T> => {
    const { config, release } = await liveConfig(context);
    try {
      return await fn(await configs(context, config));
    } finally {
      release();
    }
  };
  const upgrader = async (context: string) => {
    const conn = await contexts.connection(context);
    return new UpgradeService(conn, new InstallService(conn, markers));
  };
  // The last errors and warnings, for "Export diagnostics" (redacted before they are written).
  const recentLog = new RecentLog(join(meshdeckHome(env), 'logs', 'recent.jsonl'));
  tapConsole(recentLog);
  const handlers: Handlers = {
    'app.info': async () => info,
    'contexts.list': () => contexts.list(),
    'contexts.watch': (_input, signal) => contexts.watch(signal),
    'contexts.probe': ({ context }) => contexts.probe(context),
    'contexts.trustPlugin': ({ context, command, file }) => contexts.trustPlugin(context, { command, file }),
    'cluster.overview': async function* ({ context }, signal) {
      yield* overviewStream(await contexts.connection(context), signal);
    },
    'sandbox.status': async () => (installedApp ? { state: 'unavailable', processes: [], reason: SANDBOX_NOT_INSTALLED } : sandbox.status()),
    'sandbox.up': (_input, signal) => {
      if (installedApp) throw new MeshdeckError({ code: 'SANDBOX', message: SANDBOX_NOT_INSTALLED });
      return sandbox.up(signal);
    },
    'install.precheck': async ({ context, options }) => installer(context).then((i) => i.precheck(options)),
    'install.preview': async ({ context, options }) => installer(context).then((i) => i.preview(options)),
    'install.apply': async function* ({ context, options }, signal) {
      yield* (await installer(context)).apply(options, signal);
    },
    'install.verify': async ({ context, revision }) => installer(context).then((i) => i.verify(revision)),
    'install.uninstall': async function* ({ context }, signal) {
      yield* (await installer(context)).uninstall(signal);
    },
    'revisions.status': async ({ context }) => installer(context).then((i) => i.status()),
    'revisions.tag': async ({ context, tag, revision }) => installer(context).then((i) => i.tag(tag, revision)),
    'revisions.remove': async function* ({ context, revision }, signal) {
      yield* (await installer(context)).removeRevision(revision, signal);
    },
    'upgrade.status': async ({ context }) => upgrader(context).then((u) => u.status()),
    'upgrade.run': async function* ({ context, stage, draft }, signal) {
      yield* (await upgrader(context)).run(stage, draft, signal);
    },
    'upgrade.undo': async function* ({ context }, signal) {
      yield* (await upgrader(context)).undo(signal);
    },
    'upgrade.dismiss': async ({ context }) => upgrader(context).then((u) => u.dismiss()).then(() => ({})),
    'config.watch': async function* ({ context }, signal) {
      const { config, release } = await liveConfig(context);
      try {
        yield* (await configs(context, config)).watch(signal);
      } finally {
        release();
      }
    },
    'config.get': async ({ context, ref }) => withConfig(context, (c) => c.get(ref)),
    'config.check': async ({ context, documents }) => (context ? withConfig(context, (c) => c.check(documents)) : checkOffline(documents)),
    'config.schemas': async ({ context }) => withConfig(context, (c) => c.schemas()),
    'config.validate': async ({ context, documents }) => withConfig(context, (c) => c.validate(documents)),
    'config.diff': async ({ context, documents }) => withConfig(context, (c) => c.diff(documents)),
    'config.apply': async ({ context, documents, base }) => withConfig(context, (c) => c.apply(documents, base)),
    'config.undo': async ({ context, undoId }) => withConfig(context, (c) => c.undo(undoId)),
    'config.drafts': async ({ context }) => ({ drafts: await drafts.list(context) }),
    'config.saveDraft': async ({ context, draft }) => ({ updatedAt: await drafts.save(context, draft) }),
    'config.deleteDraft': async ({ context, id }) => { await drafts.remove(context, id); return {}; },
    'route.simulate': async ({ context, documents, request }) => (context ? withConfig(context, (c) => c.simulate(documents, request)) : simulateOffline(documents, request)),
    'config.wizardRead': async ({ wizard, text, rule }) => wizardRead(wizard, text, rule),
    'config.wizardWrite': async ({ text, state }) => wizardWrite(text, state),
    'metrics.source': async ({ context }) => (await metrics(context)).source(),
    'metrics.setSource': async ({ context, choice }) => { await (await metrics(context)).setSource(choice); return {}; },
    'metrics.service': async function* ({ context, namespace, service, rangeSeconds, count4xx, live }, signal) {
      yield* (await metrics(context)).serviceStream(namespace, service, rangeSeconds, count4xx, live, signal);
    },
    'metrics.summary': async ({ context, rangeSeconds, count4xx }) => (await metrics(context)).summary(rangeSeconds, count4xx),
    'metrics.graph': async ({ context, namespace, rangeSeconds }) => (await metrics(context)).graph(namespace, rangeSeconds),
    'metrics.query': async ({ context, query }) => (await metrics(context)).query(query),
    'metrics.mtls': async ({ context, rangeSeconds }) => (await metrics(context)).mtls(rangeSeconds),
    'canary.plan': async ({ context, spec }) => (await canaries(context)).plan(spec),
    'canary.start': async ({ context, spec }) => (await canaries(context)).start(spec),
    'canary.list': async ({ context, namespace }) => ({ rollouts: await (await canaries(context)).list(namespace) }),
    'canary.watch': async function* ({ context, namespace, service }, signal) {
      yield* drivers.watch(context, namespace, service, signal);
    },
    'canary.act': async ({ context, namespace, service, action }) => drivers.act(context, namespace, service, action, `a person (${IDENTITY})`),
    'sample.deploy': async ({ context }) => deploySample(await contexts.connection(context)),
    'sample.canaryHealth': async ({ context, healthy }) => setSampleCanaryHealth(await contexts.connection(context), healthy),
    'inventory.watch': async function* ({ context }, signal) {
      yield* inventoryStream(await contexts.connection(context), signal);
    },
    'mesh.plan': async ({ context, namespace, target }) => planMeshChange(await contexts.connection(context), namespace, target),
    'mesh.apply': async ({ context, namespace, target, resourceVersion }) => applyMeshChange(await contexts.connection(context), namespace, target, resourceVersion),
    'mesh.restart': async function* ({ context, namespace, workloads }, signal) {
      yield* restartWorkloads(await contexts.connection(context), [{ namespace, workloads }], signal);
    },
    'mesh.clearLabels': async ({ context, namespaces }) => {
      await relabelNamespaces(await contexts.connection(context), namespaces, () => ({}));
      return { cleared: namespaces };
    },
    'mesh.optOut': async ({ context, namespace, workload, optOut }) => {
      await setWorkloadOptOut(await contexts.connection(context), namespace, workload, optOut);
      return { optOut };
    },
    'images.push': async function* (target, signal) {
      const pushed: PushedImage[] = [];
      for await (const e of pushBundledImages(target)) {
        if (signal.aborted) return;
        if (e.type === 'pushed') pushed.push(e.image);
        yield e;
      }
      yield { type: 'done', values: pinnedImageValues(pushed) };
    },
    'palette.tasks': async ({ context }) => {
      const snapshot = await contexts.list();
      const sandboxState = installedApp ? { state: 'unavailable' as const } : sandbox.status();
      // The open cluster's state sharpens the tasks; unreachable, the palette still offers the rest.
      const cluster = context ? await contexts.connection(context).then(readPaletteFacts).catch(() => ({})) : {};
      return { tasks: paletteTasks({ contexts: snapshot.contexts, ...(context ? { open: context } : {}), sandbox: sandboxState, ...cluster }) };
    },
    'diagnostics.export': async ({ context }) =>
      exportDiagnostics({
        appInfo: async () => info,
        contexts: () => contexts.list(),
        probe: (name, timeoutMs) => contexts.probe(name, timeoutMs),
        meshStatus: async (name) => installer(name).then((i) => i.status()),
        recentLog: () => recentLog.entries(),
      }, { context }),
  };
  return {
    handlers: recordFailures(handlers, recentLog),
    contexts,
    async dispose() {
      contexts.dispose();
      liveConfigs.dispose();
    },
  };
}
