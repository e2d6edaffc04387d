import type { InstallEvent, InstallOptions, InstallPreview, PrecheckReport, VerifyReport } from '../contract/install.js';
import type { ClusterConnection } from '../kube/connection.js';
import { prometheusAddon } from './addons.js';
import { applyInstall } from './apply.js';
import { InstallCluster } from './cluster-io.js';
import { clusterInstallOverrides, type ClusterMarker } from './cluster-overrides.js';
import { countsByKind, imagesOf, plan } from './plan.js';
import { precheck } from './precheck.js';
import { istioctl, istioVersion } from './release.js';
import { renderManifest } from './render.js';
import { meshInstallStatus, removeRevision, setTag } from './revisions.js';
import { uninstallMesh } from './uninstall.js';
import { verifyInstall } from './verify.js';
import { stringify } from 'yaml';

/** The control-plane lifecycle for one cluster connection: precheck, preview, apply, verify, uninstall. */
export class InstallService {
  private readonly cluster: InstallCluster;

  constructor(private readonly conn: ClusterConnection, private readonly markers: readonly ClusterMarker[] = []) {
    this.cluster = new InstallCluster(conn);
  }

  private async planned(options: InstallOptions) {
    const overrides = await clusterInstallOverrides(this.conn, options.revision, this.markers);
    const objects = await renderManifest(await istioctl(), options, overrides);
    return plan(options.prometheus ? [...objects, ...prometheusAddon()] : objects);
  }

  async precheck(options: InstallOptions): Promise<PrecheckReport> {
    return precheck(this.cluster, await this.planned(options), options.revision);
  }

  async preview(options: InstallOptions): Promise<InstallPreview> {
    const planned = await this.planned(options);
    const objects = planned.map((p) => p.object);
    return {
      version: istioVersion(),
      revision: options.revision || 'default',
      objects: planned.map((p) => ({ phase: p.phase, apiVersion: p.object.apiVersion, kind: p.object.kind, name: p.object.metadata.name, namespace: p.object.metadata.namespace })),
      countsByKind: countsByKind(objects),
      images: imagesOf(objects),
      yaml: objects.map((o) => stringify(o)).join('---\n'),
    };
  }

  async *apply(options: InstallOptions, signal: AbortSignal): AsyncGenerator<InstallEvent> {
    const planned = await this.planned(options);
    yield* applyInstall(this.cluster, planned, { options, signal, verify: () => this.verify(options.revision) });
  }

  verify(revision: string): Promise<VerifyReport> {
    return verifyInstall(this.cluster, revision);
  }

  status() {
    return meshInstallStatus(this.cluster);
  }



  async tag(tag: string, revision: string) {
    await setTag(this.cluster, await istioctl(), tag, revision);
    return { tag, revision };
  }

  async *removeRevision(revision: string, signal: AbortSignal): AsyncGenerator<InstallEvent> {
    const render = async (o: InstallOptions) => renderManifest(await istioctl(), o, await clusterInstallOverrides(this.conn, o.revision, this.markers));
    yield* removeRevision(this.cluster, render, revision, signal);
  }

  /** Everything Istio and Meshdeck own in the cluster, judged by the live objects (not by any options). */
  uninstall(signal: AbortSignal): AsyncGenerator<InstallEvent> {
    return uninstallMesh(this.cluster, signal);
  }
}
