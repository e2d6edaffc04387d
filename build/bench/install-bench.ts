import { execFileSync } from 'node:child_process';
import { ContextsService } from '../../main/contexts/service.js';
import type { InstallEvent, InstallOptions } from '../../main/contract/install.js';
import { applyInstall } from '../../main/install/apply.js';
import { InstallCluster } from '../../main/install/cluster-io.js';
import { clusterInstallOverrides } from '../../main/install/cluster-overrides.js';
import { plan } from '../../main/install/plan.js';
import { istioctl } from '../../main/install/release.js';
import { renderManifest } from '../../main/install/render.js';
import { uninstallMesh } from '../../main/install/uninstall.js';
import { verifyInstall } from '../../main/install/verify.js';
import { SANDBOX_MARKER, sandboxIstioInstallValues } from '../../main/sandbox/istio-ports.js';
import { sandboxLayout } from '../../main/sandbox/layout.js';
import { median, ms, timed } from './raw-api.js';

/**
 * Meshdeck's install and uninstall of the minimal profile next to `istioctl install` / `istioctl
 * uninstall --purge` of the same profile on the same sandbox, alternating, median of RUNS. Goal: ratio <= 1.0.
 * The same work on both sides: each install renders the manifest (istioctl renders inside `install`;
 * Meshdeck's render is timed inside its install and also printed on its own), applies it and waits
 * until istiod is ready. Meshdeck's verification (injection and validation probes) is timed apart.
 */
const RUNS = Number(process.env.BENCH_RUNS ?? 3);
const l = sandboxLayout();
const options: InstallOptions = { profile: 'minimal', revision: '', imagePullSecrets: [], values: {}, prometheus: false };
const svc = new ContextsService({ env: { KUBECONFIG: l.kubeconfig, HOME: '/nonexistent' } });
const cluster = new InstallCluster(await svc.connection('sandbox-admin'));
const markers = [{ ...SANDBOX_MARKER, values: sandboxIstioInstallValues }];
const render = async () => plan(await renderManifest(await istioctl(), options, await clusterInstallOverrides(cluster.conn, '', markers)));
const drain = async (s: AsyncIterable<InstallEvent>) => {
  let last: InstallEvent | undefined;
  for await (const e of s) last = e;
  if (last?.type !== 'done') throw new Error(`did not finish: ${JSON.stringify(last)}`);
};
const istioctlRun = (...args: string[]) => execFileSync(l.bin.istioctl, [...args, '--kubeconfig', l.kubeconfig], { stdio: 'pipe', timeout: 600_000 });
const sets = Object.entries(sandboxIstioInstallValues('')).flatMap(([k, v]) => ['--set', `${k}=${v}`]);

const md = { render: [] as number[], install: [] as number[], verify: [] as number[], uninstall: [] as number[] };
const ic = { install: [] as number[], uninstall: [] as number[], uninstallClean: [] as number[] };
for (let i = 0; i < RUNS; i++) {
  md.render.push((await timed(render))[0]);
  md.install.push((await timed(async () => drain(applyInstall(cluster, await render(), { options, signal: new AbortController().signal }))))[0]);
  md.verify.push((await timed(() => verifyInstall(cluster, '')))[0]);
  md.uninstall.push((await timed(() => drain(uninstallMesh(cluster, new AbortController().signal))))[0]);
  ic.install.push((await timed(async () => istioctlRun('install', '-y', '--set', 'profile=minimal', ...sets)))[0]);
  const [purge] = await timed(async () => istioctlRun('uninstall', '--purge', '-y'));
  ic.uninstall.push(purge);
  // istioctl leaves istio-system and istiod's ConfigMaps behind: removing them (and waiting until they
  // are gone, as Meshdeck does) is the same work, timed as a second baseline.
  const [rest] = await timed(() => drain(uninstallMesh(cluster, new AbortController().signal)));
  ic.uninstallClean.push(purge + rest);
}
const line = (what: string, a: number[], b: number[]) =>
  console.log(`${what.padEnd(12)} meshdeck ${ms(median(a)).padStart(8)}   istioctl ${ms(median(b)).padStart(8)}   ratio ${(median(a) / median(b)).toFixed(2)}`);
console.log(`minimal profile on the sandbox, median of ${RUNS}`);
line('install', md.install, ic.install);
line('uninstall', md.uninstall, ic.uninstall);
line('uninstall*', md.uninstall, ic.uninstallClean);
console.log('(uninstall*: istioctl uninstall --purge followed by removing what it leaves and waiting until it is gone)');
console.log(`(meshdeck's render with the bundled istioctl, inside its install figure: ${ms(median(md.render))})`);
console.log(`(meshdeck's verification after install, not in the ratio: ${ms(median(md.verify))}; its uninstall also proves nothing is left, istioctl's leaves istio-system behind)`);
process.exit(0);
