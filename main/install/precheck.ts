import { istiodVersion } from '../mesh/mesh-state.js';
import { AdmissionregistrationV1Api, AuthorizationV1Api, type V1Node } from '@kubernetes/client-node';
import type { CheckResult, PrecheckReport } from '../contract/install.js';
import type { InstallCluster } from './cluster-io.js';
import type { PlannedObject } from './plan.js';

/** The pinned release's supported Kubernetes range (istioctl's MinK8SVersion; newest tested). */
export const SUPPORTED_K8S = { min: [1, 32] as const, maxTested: [1, 36] as const };

export function parseMinor(gitVersion: string): [number, number] | undefined {
  const m = /^v?(\d+)\.(\d+)/.exec(gitVersion);
  return m ? [Number(m[1]), Number(m[2])] : undefined;
}

export function versionCheck(gitVersion: string): CheckResult {
  const v = parseMinor(gitVersion);
  const [minMaj, minMin] = SUPPORTED_K8S.min;
  const [maxMaj, maxMin] = SUPPORTED_K8S.maxTested;
  const range = `${minMaj}.${minMin}–${maxMaj}.${maxMin}`;
  if (!v) return { id: 'k8s-version', title: 'Kubernetes version', status: 'warn', detail: `Cannot read the version "${gitVersion}".` };
  const [maj, min] = v;
  if (maj < minMaj || (maj === minMaj && min < minMin)) {
    return { id: 'k8s-version', title: 'Kubernetes version', status: 'fail', detail: `The cluster runs ${gitVersion}; this Istio needs ${minMaj}.${minMin} or newer.`, fix: 'Upgrade the cluster, or use an older Istio release.' };
  }
  if (maj > maxMaj || (maj === maxMaj && min > maxMin)) {
    return { id: 'k8s-version', title: 'Kubernetes version', status: 'warn', detail: `The cluster runs ${gitVersion}, newer than this Istio was tested with (${range}).` };
  }
  return { id: 'k8s-version', title: 'Kubernetes version', status: 'pass', detail: `${gitVersion} is within ${range}.` };
}

const plural = (kind: string) => `${kind.toLowerCase()}s`;
const groupOf = (apiVersion: string) => (apiVersion.includes('/') ? apiVersion.split('/')[0]! : '');

const quantity = (q: string | undefined): number => {
  if (!q) return 0;
  const m = /^([\d.]+)([a-zA-Z]*)$/.exec(q);
  if (!m) return 0;
  const n = Number(m[1]);
  const unit: Record<string, number> = { '': 1, m: 1e-3, Ki: 1024, Mi: 1024 ** 2, Gi: 1024 ** 3, Ti: 1024 ** 4, k: 1e3, M: 1e6, G: 1e9 };
  return n * (unit[m[2]!] ?? 1);
};

/** Nodes that could host istiod: schedulable, no taint it does not tolerate, enough allocatable. */
export function nodeCheck(nodes: V1Node[], cpu: string, memory: string): CheckResult {
  const hard = (n: V1Node) => (n.spec?.taints ?? []).filter((t) => t.effect === 'NoSchedule' || t.effect === 'NoExecute');
  const fits = nodes.filter((n) => !n.spec?.unschedulable && hard(n).length === 0
    && quantity(n.status?.allocatable?.cpu) >= quantity(cpu) && quantity(n.status?.allocatable?.memory) >= quantity(memory));
  if (fits.length > 0) return { id: 'nodes', title: 'A node can host istiod', status: 'pass', detail: `${fits.length} of ${nodes.length} nodes are schedulable with ${cpu} CPU and ${memory} memory free to allocate.` };
  const tainted = nodes.filter((n) => hard(n).length > 0);
  const taints = [...new Set(tainted.flatMap((n) => hard(n).map((t) => `${t.key}${t.value ? `=${t.value}` : ''}:${t.effect}`)))];
  return {
    id: 'nodes', title: 'A node can host istiod', status: 'fail',
    detail: tainted.length ? `No node fits: ${tainted.map((n) => n.metadata?.name).join(', ')} carry ${taints.join(', ')}.` : `No node has ${cpu} CPU and ${memory} memory to allocate.`,
    fix: tainted.length ? `Add a toleration for ${taints[0]} (advanced value values.pilot.tolerations) or remove the taint from a node.` : 'Add a node or lower istiod\'s requests (values.pilot.resources.requests).',
  };
}

/** Everything worth knowing before an install, each failure with its fix. */
export async function precheck(cluster: InstallCluster, planned: PlannedObject[], revision: string): Promise<PrecheckReport> {
  const checks: CheckResult[] = [];
  const version = await cluster.conn.getJson<{ gitVersion: string }>('/version');
  checks.push(versionCheck(version.gitVersion));

  // Permissions: every verb server-side apply needs, for every kind and namespace the manifest touches.
  const authz = cluster.conn.kc.makeApiClient(AuthorizationV1Api);
  const wanted = new Map<string, { group: string; resource: string; namespace?: string; verb: string }>();
  for (const { object } of planned) {
    for (const verb of ['get', 'create', 'patch']) {
      const a = { group: groupOf(object.apiVersion), resource: plural(object.kind), namespace: object.metadata.namespace, verb };
      wanted.set(JSON.stringify(a), a);
    }
  }
  const answers = await Promise.all([...wanted.values()].map(async (a) => {
    const r = await authz.createSelfSubjectAccessReview({ body: { spec: { resourceAttributes: a } } });
    return { ...a, allowed: r.status?.allowed ?? false };
  }));
  const missing = answers.filter((a) => !a.allowed);
  const name = (a: (typeof answers)[number]) => `${a.verb} ${a.group ? `${a.resource}.${a.group}` : a.resource}${a.namespace ? ` in ${a.namespace}` : ''}`;
  checks.push(missing.length
    ? { id: 'permissions', title: 'Permissions for every object', status: 'fail', detail: `Missing ${missing.length} of ${answers.length}: ${missing.map(name).join('; ')}.`,
      fix: 'Ask a cluster administrator to run the install, or to grant these rights (cluster-admin covers them all).' }
    : { id: 'permissions', title: 'Permissions for every object', status: 'pass', detail: `All ${answers.length} checks allowed.` });

  // An existing control plane (any revision): shown, and the same revision is updated in place.
  try {
    const istiods = await cluster.apps.listDeploymentForAllNamespaces({ labelSelector: 'app=istiod' });
    const found = istiods.items.map((d) => ({ rev: d.metadata?.labels?.['istio.io/rev'] || 'default', ns: d.metadata?.namespace, version: istiodVersion(d.spec?.template.spec?.containers) }));
    const same = found.find((f) => f.rev === (revision || 'default'));
    checks.push(!found.length
      ? { id: 'existing-istio', title: 'Existing Istio', status: 'pass', detail: 'No Istio control plane runs in this cluster.' }
      : { id: 'existing-istio', title: 'Existing Istio', status: same ? 'warn' : 'pass',
        detail: `Found ${found.map((f) => `revision ${f.rev} (${f.version ?? 'unknown version'}) in ${f.ns}`).join(', ')}.${same ? ` Revision ${same.rev} will be updated in place.` : ''}`,
        fix: same ? 'To upgrade without touching running workloads, choose a new revision instead.' : undefined });
  } catch (e) {
    checks.push({ id: 'existing-istio', title: 'Existing Istio', status: 'warn', detail: `Cannot list istiod Deployments: ${cluster.conn.classify(e).message}` });
  }

  // Injector webhooks that would overlap with the one this install adds.
  try {
    const hooks = await cluster.conn.kc.makeApiClient(AdmissionregistrationV1Api).listMutatingWebhookConfiguration();
    const rev = revision || 'default';
    const overlapping = hooks.items.filter((h) => (h.webhooks ?? []).some((w) => /sidecar-injector/.test(w.name))
      && (h.metadata?.labels?.['istio.io/rev'] ?? 'default') === rev && !h.metadata?.labels?.['meshdeck.io/managed-by']);
    checks.push(overlapping.length
      ? { id: 'webhooks', title: 'No overlapping injector', status: 'warn', detail: `${overlapping.map((h) => h.metadata?.name).join(', ')} already injects for revision ${rev} (installed by another tool).`,
        fix: 'It will be taken over by this install; uninstall the other one first to keep them apart.' }
      : { id: 'webhooks', title: 'No overlapping injector', status: 'pass', detail: `No other injector serves revision ${rev}.` });
  } catch (e) {
    checks.push({ id: 'webhooks', title: 'No overlapping injector', status: 'warn', detail: `Cannot list webhooks: ${cluster.conn.classify(e).message}` });
  }

  const istiod = planned.find((p) => p.object.kind === 'Deployment' && /^istiod/.test(p.object.metadata.name))?.object as
    { spec?: { template?: { spec?: { containers?: { resources?: { requests?: { cpu?: string; memory?: string } } }[] } } } } | undefined;
  const req = istiod?.spec?.template?.spec?.containers?.[0]?.resources?.requests ?? {};
  try {
    checks.push(nodeCheck((await cluster.core.listNode()).items, req.cpu ?? '500m', req.memory ?? '2048Mi'));
  } catch (e) {
    checks.push({ id: 'nodes', title: 'A node can host istiod', status: 'warn', detail: `Cannot list nodes: ${cluster.conn.classify(e).message}` });
  }
  return { ok: checks.every((c) => c.status !== 'fail'), checks };
}
