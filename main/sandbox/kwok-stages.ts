import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { PORTS } from './layout.js';

/**
 * The fake kubelet's behaviour: kwok's own stages, plus one the sandbox adds — images from a registry
 * the nodes cannot reach (127.0.0.1:<unreachable port>, where nothing listens) never pull, so their
 * pods sit in ImagePullBackOff as they would on a real node.
 */
export const UNREACHABLE_REGISTRY = `127.0.0.1:${PORTS.unreachable}`;
const UNPULLABLE = `.spec.containers.[] | select(.image | startswith("${UNREACHABLE_REGISTRY}/")) | .name`;

interface Stage { metadata: { name: string }; spec: { selector: { matchExpressions: { key: string; operator: string; values?: string[] }[] } } }

const imagePullBackOff = (): string => `apiVersion: kwok.x-k8s.io/v1alpha1
kind: Stage
metadata:
  name: pod-image-pull-backoff
spec:
  resourceRef:
    apiGroup: v1
    kind: Pod
  selector:
    matchExpressions:
    - key: '.metadata.deletionTimestamp'
      operator: 'DoesNotExist'
    - key: '.status.phase'
      operator: 'In'
      values: ['Pending']
    - key: '${UNPULLABLE}'
      operator: 'Exists'
    - key: '.status.containerStatuses.[].state.waiting.reason'
      operator: 'DoesNotExist'
  next:
    statusTemplate: |
      {{ $now := Now }}
      conditions:
      - lastTransitionTime: {{ $now | Quote }}
        status: "False"
        type: Ready
        reason: ContainersNotReady
      containerStatuses:
      {{ range .spec.containers }}
      - image: {{ .image | Quote }}
        name: {{ .name | Quote }}
        ready: false
        restartCount: 0
        state:
          waiting:
            reason: ImagePullBackOff
            message: {{ printf "Back-off pulling image %q: dial tcp ${UNREACHABLE_REGISTRY}: connect: connection refused" .image | Quote }}
      {{ end }}
      phase: Pending
`;

/** Writes the stage files kwok is started with; returns their paths. */
export function writeKwokStages(sourceDir: string, targetDir: string, files: string[]): string[] {
  mkdirSync(targetDir, { recursive: true });
  const out: string[] = [];
  for (const f of files) {
    let text = readFileSync(join(sourceDir, f), 'utf8');
    // The ready stage must leave unpullable pods alone. Inserted as text: kwok's templates are
    // whitespace-sensitive and a YAML round trip would reflow them.
    if ((parse(text) as Stage).metadata.name === 'pod-ready') {
      text = text.replace(/^(\s*)matchExpressions:\n/m, (m, indent: string) => `${m}${indent}- key: '${UNPULLABLE}'\n${indent}  operator: 'DoesNotExist'\n`);
    }
    writeFileSync(join(targetDir, f), text);
    out.push(join(targetDir, f));
  }
  writeFileSync(join(targetDir, 'pod-image-pull-backoff.yaml'), imagePullBackOff());
  return [...out, join(targetDir, 'pod-image-pull-backoff.yaml')];
}
