import { errorText } from '../errors/explain.js';
import { ErrorExplanation } from '../errors/ErrorExplanation.js';
import type { InventoryProblem } from './inventory-state.js';

/** What a resource the core could not read means for the inventory, in the user's words. */
const RESOURCE: Record<string, { what: string; kube: string; consequence: string }> = {
  namespaces: { what: 'Namespaces', kube: 'namespaces', consequence: 'Namespaces show without their mesh labels, so their mode is unknown.' },
  pods: { what: 'Pods', kube: 'pods', consequence: 'Pod counts, proxies and restarts are missing.' },
  deployments: { what: 'Deployments', kube: 'deployments', consequence: 'Deployments are missing from Workloads, and revisions served by istiod may be missing.' },
  statefulsets: { what: 'StatefulSets', kube: 'statefulsets', consequence: 'StatefulSets are missing from Workloads.' },
  daemonsets: { what: 'DaemonSets', kube: 'daemonsets', consequence: 'DaemonSets are missing from Workloads, and ambient (ztunnel) may show as unavailable.' },
  services: { what: 'Services', kube: 'services', consequence: 'Services and their port protocols are missing.' },
  injectors: {
    what: 'Revision tags',
    kube: 'mutatingwebhookconfigurations',
    consequence: 'Namespaces that name a tag show it as if it were a revision; everything else is complete.',
  },
};

/** The title and hint for one problem: "Revision tags cannot be read: your account may not list mutatingwebhookconfigurations". */
export function problemWords(p: InventoryProblem): { title: string; hint: string } {
  const r = RESOURCE[p.resource] ?? { what: p.resource, kube: p.resource, consequence: 'This part of the inventory is missing.' };
  const forbidden = p.error.code === 'FORBIDDEN';
  const title = forbidden
    ? `${r.what} cannot be read: your account may not ${p.error.forbidden?.verb ?? 'list'} ${p.error.forbidden?.resource ?? r.kube}`
    : `${r.what} cannot be read: ${lowerFirst(errorText(p.error).title)}`;
  const hint = `${r.consequence} ${forbidden ? 'Ask for read access to it, or use a context with more rights.' : 'Meshdeck keeps trying.'}`;
  return { title, hint };
}

const lowerFirst = (s: string) => s.charAt(0).toLowerCase() + s.slice(1);

/** Resources the inventory could not read (it shows the rest), each explained as a warning. */
export function ProblemsBanner({ problems, context }: { problems: readonly InventoryProblem[]; context: string }) {
  if (problems.length === 0) return null;
  return (
    <div className="problems inv-problems" data-testid="inventory-problems">
      {problems.map((p) => (
        <ErrorExplanation
          key={p.resource}
          error={p.error}
          context={context}
          tone="warning"
          testId={`inventory-problem-${p.resource}`}
          words={problemWords(p)}
        />
      ))}
    </div>
  );
}
