import type { Blocker } from '../contract/install.js';

/** Just the fields of pods, events and nodes that explain a stuck rollout. */
export interface PodView {
  name: string;
  phase?: string;
  imagePullSecrets: string[];
  containers: { name: string; image: string; waitingReason?: string; waitingMessage?: string; restartCount: number }[];
}
export interface EventView { involvedKind: string; involvedName: string; reason: string; message: string; type?: string }
export interface NodeView { name: string; taints: { key: string; value?: string; effect: string }[] }

const registryOf = (image: string) => {
  const first = image.split('/')[0] ?? '';
  return image.includes('/') && /[.:]|^localhost$/.test(first) ? first : 'docker.io';
};

/**
 * Turns pod status and events into what blocks a rollout, each with a fix a person can act on.
 * `existingSecrets` is the set of Secret names in the namespace (is the pull secret there?).
 */
export function explainBlockers(pods: PodView[], events: EventView[], nodes: NodeView[], existingSecrets: Set<string>): Blocker[] {
  const blockers: Blocker[] = [];
  const seen = new Set<string>();
  const add = (b: Blocker) => {
    const key = `${b.reason}|${b.message}`;
    if (!seen.has(key)) { seen.add(key); blockers.push(b); }
  };
  for (const e of events) {
    if (e.reason === 'FailedScheduling') {
      // Older schedulers name the taint ("{key: value}"); newer ones only say "untolerated taint(s)":
      // then the nodes' own NoSchedule/NoExecute taints are the ones in the way.
      let taints = [...e.message.matchAll(/untolerated taint\(?s?\)? ?\{([^}]*)\}/g)].map((m) => m[1]!.trim());
      if (!taints.length && /untolerated taint/.test(e.message)) {
        taints = nodes.flatMap((n) => n.taints.filter((t) => t.effect !== 'PreferNoSchedule').map((t) => (t.value ? `${t.key}: ${t.value}` : t.key)));
      }
      if (taints.length) {
        for (const t of new Set(taints)) {
          const [key, value] = t.split(':').map((s) => s.trim());
          const tainted = nodes.filter((n) => n.taints.some((x) => x.key === key && (value === undefined || (x.value ?? '') === value)));
          const effect = tainted[0]?.taints.find((x) => x.key === key)?.effect ?? 'NoSchedule';
          add({
            reason: 'taint', pod: e.involvedName, detail: e.message,
            message: `${e.involvedName} cannot be scheduled: node${tainted.length === 1 ? '' : 's'} ${tainted.map((n) => n.name).join(', ') || '(all)'} ${tainted.length === 1 ? 'has' : 'have'} the taint ${key}${value ? `=${value}` : ''}:${effect}, which it does not tolerate.`,
            fix: `Add a toleration for ${key}${value ? `=${value}` : ''}:${effect} to the control plane (values.pilot.tolerations), or remove the taint from a node (kubectl taint nodes ${tainted[0]?.name ?? 'NODE'} ${key}-).`,
          });
        }
      } else if (/Insufficient (cpu|memory)/.test(e.message)) {
        const what = [...new Set([...e.message.matchAll(/Insufficient (cpu|memory)/g)].map((m) => m[1]))].join(' and ');
        add({ reason: 'insufficient-resources', pod: e.involvedName, detail: e.message,
          message: `${e.involvedName} cannot be scheduled: no node has enough free ${what}.`,
          fix: 'Free capacity or add a node, or lower the control plane\'s requests (values.pilot.resources.requests).' });
      } else {
        add({ reason: 'pending', pod: e.involvedName, message: `${e.involvedName} cannot be scheduled.`, detail: e.message });
      }
    } else if (e.reason === 'FailedCreate' && /failed calling webhook/.test(e.message)) {
      const hook = /failed calling webhook "([^"]+)"/.exec(e.message)?.[1] ?? 'a webhook';
      add({ reason: 'webhook', detail: e.message,
        message: `The API server cannot call the webhook ${hook}, so ${e.involvedName} cannot create its pods.`,
        fix: 'Check that the webhook\'s service has ready endpoints and that the API server can reach it (firewall, network policy); or remove the stale webhook configuration.' });
    }
  }
  for (const p of pods) {
    for (const c of p.containers) {
      if (c.waitingReason === 'ImagePullBackOff' || c.waitingReason === 'ErrImagePull') {
        const registry = registryOf(c.image);
        const secrets = p.imagePullSecrets;
        const missing = secrets.filter((s) => !existingSecrets.has(s));
        add({
          reason: 'image-pull', pod: p.name, detail: c.waitingMessage,
          message: `${p.name} cannot pull ${c.image} from ${registry}${secrets.length ? ` (pull secret${secrets.length > 1 ? 's' : ''} ${secrets.join(', ')}${missing.length ? `; missing: ${missing.join(', ')}` : ' present'})` : ' (no pull secret)'}.`,
          fix: missing.length ? `Create the pull secret${missing.length > 1 ? 's' : ''} ${missing.join(', ')} in the namespace.`
            : `Check that ${registry} is reachable from the nodes and holds ${c.image}, or choose another image source (a mirror, or push the bundled images to your registry).`,
        });
      } else if (c.waitingReason === 'CrashLoopBackOff') {
        add({ reason: 'crash', pod: p.name, message: `${p.name}: container ${c.name} keeps crashing (${c.restartCount} restarts).`, detail: c.waitingMessage,
          fix: 'Read the container\'s log for the cause.' });
      }
    }
  }
  return blockers;
}
