import type { InventoryKind } from '../../../main/contract/inventory.js';
import type { RowOf } from './inventory-state.js';
import { meshModeText, podProxyText, portText, workloadProxyText } from './words.js';

export type ToggleId = 'needs-restart' | 'without-proxy' | 'unclassified';

/** A quick filter: a button that keeps only the rows it matches. */
export interface QuickToggle<R> {
  id: ToggleId;
  label: string;
  test(row: R): boolean;
}

/** What the page knows about one kind of row, apart from how its cells look. */
export interface KindInfo<R> {
  title: string;
  /** "pod" / "pods" in sentences such as "12 of 340 pods". */
  one: string;
  many: string;
  /** Everything the filter box matches (the Istio versions are the core's reading of each row), lower case, fields separated so no match spans two of them. */
  searchText(row: R): string;
  toggles: readonly QuickToggle<R>[];
}

const join = (parts: readonly (string | undefined | false)[]) => parts.filter(Boolean).join('\n').toLowerCase();

export const KIND_INFO: { [K in InventoryKind]: KindInfo<RowOf[K]> } = {
  namespaces: {
    title: 'Namespaces',
    one: 'namespace',
    many: 'namespaces',
    searchText: (n) => join([n.name, n.mode, meshModeText(n)?.text ?? 'not in the mesh', n.revision, n.tag, n.istioVersion, n.system && 'system', n.phase]),
    toggles: [
      { id: 'needs-restart', label: 'Needs restart', test: (n) => n.needsRestart > 0 },
      { id: 'without-proxy', label: 'Without proxy', test: (n) => n.withoutProxy > 0 },
    ],
  },
  workloads: {
    title: 'Workloads',
    one: 'workload',
    many: 'workloads',
    searchText: (w) => join([w.name, w.namespace, w.kind, ...w.versions, ...(w.istioVersions ?? []), workloadProxyText(w).text, w.proxy]),
    toggles: [
      { id: 'needs-restart', label: 'Needs restart', test: (w) => w.needsRestart > 0 },
      { id: 'without-proxy', label: 'Without proxy', test: (w) => !w.meshSystem && w.pods > w.withProxy },
    ],
  },
  services: {
    title: 'Services',
    one: 'service',
    many: 'services',
    searchText: (s) => join([s.name, s.namespace, s.type, ...s.versions, ...(s.istioVersions ?? []), ...s.ports.map(portText), s.unclassifiedPorts > 0 && 'unclassified']),
    toggles: [
      { id: 'unclassified', label: 'Unclassified ports', test: (s) => s.unclassifiedPorts > 0 },
      { id: 'without-proxy', label: 'Pods without proxy', test: (s) => s.podsWithoutProxy > 0 },
    ],
  },
  pods: {
    title: 'Pods',
    one: 'pod',
    many: 'pods',
    searchText: (p) => join([p.name, p.namespace, p.workload, p.version, p.istioVersion, p.phase, podProxyText(p).text, p.proxy, p.needsRestart && 'needs restart']),
    toggles: [
      { id: 'needs-restart', label: 'Needs restart', test: (p) => p.needsRestart },
      { id: 'without-proxy', label: 'Without proxy', test: (p) => !p.meshSystem && p.proxy !== 'present' },
    ],
  },
};
