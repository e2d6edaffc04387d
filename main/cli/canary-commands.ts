import type { MeshdeckClient } from '../contract/client.js';
import { CanarySpec, type CanaryAction, type CanaryView } from '../contract/canary.js';
import { CONTEXT, JSON_FLAG, flag, str, type Values, type Verb } from './args.js';
import { explain } from './print.js';

/** `canary plan|start|status|promote|pause|resume|abort|finalize|approve|list` and `sample deploy|canary-health`. */

const REF = { ...CONTEXT, namespace: { type: 'string' as const, short: 'n' } };

function printView(v: CanaryView): void {
  console.log(v.summary);
  const s = v.state;
  console.log(`  steps: ${v.spec.steps.map((w, i) => (i === s.step ? `[${w}%]` : `${w}%`)).join(' → ')}   weights: ${v.spec.stableVersion} ${100 - s.weight}% / ${v.spec.canaryVersion} ${s.weight}%${v.holdRemaining !== undefined ? `   step held ${v.holdRemaining} s more` : ''}`);
  console.log(`  driven by: ${v.driver ?? 'nobody (watch it to drive it)'}`);
  for (const d of s.decisions.slice(-5)) {
    const figs = d.canary ? ` [canary ${Math.round(d.canary.requests)} req${d.canary.successRate !== null ? `, ${(d.canary.successRate * 100).toFixed(1)}% ok` : ''}${d.canary.p99 !== null ? `, p99 ${Math.round(d.canary.p99)} ms` : ''}]` : '';
    console.log(`  ${d.at.slice(11, 19)} step ${d.step + 1} ${d.weight}% ${d.action.padEnd(8)} ${d.reason}${figs}`);
  }
}

function specOf(v: Values, service: string): { spec?: CanarySpec; error?: string } {
  const list = (name: string) => str(v, name)?.split(',').map((x) => x.trim()).filter(Boolean);
  const num = (name: string) => (str(v, name) === undefined ? undefined : Number(str(v, name)));
  const parsed = CanarySpec.safeParse({
    namespace: str(v, 'namespace'), service, stableVersion: str(v, 'stable'), canaryVersion: str(v, 'canary'),
    ...(list('steps') ? { steps: list('steps')!.map(Number) } : {}),
    ...(num('hold') !== undefined ? { holdSeconds: num('hold') } : {}),
    ...(num('failure-limit') !== undefined ? { failureLimit: num('failure-limit') } : {}),
    ...(list('approve-steps') ? { approvals: list('approve-steps')!.map((x) => Number(x) - 1) } : {}),
    gates: {
      ...(num('min-success') !== undefined ? { minSuccessRate: num('min-success')! / 100 } : {}),
      ...(num('max-success-drop') !== undefined ? { maxSuccessDrop: num('max-success-drop')! / 100 } : {}),
      ...(num('max-p99') !== undefined ? { maxP99Ms: num('max-p99') } : {}),
      ...(num('max-p99-ratio') !== undefined ? { maxP99Ratio: num('max-p99-ratio') } : {}),
      minRequests: num('min-requests') ?? 20,
    },
    ...(str(v, 'header') ? { headerRoute: { name: str(v, 'header')!.split('=')[0], value: str(v, 'header')!.split('=').slice(1).join('=') } } : {}),
    ...(num('mirror') !== undefined ? { mirrorPercent: num('mirror') } : {}),
    scaleDownStable: flag(v, 'scale-down'),
    ...(str(v, 'route-api') ? { routeApi: str(v, 'route-api') } : {}),
    ...(str(v, 'image') ? { createCanary: { image: str(v, 'image'), ...(str(v, 'container') ? { container: str(v, 'container') } : {}) } } : {}),
  });
  if (!parsed.success) return { error: parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ') };
  return { spec: parsed.data };
}

/** Follows (and, if nobody else does, drives) a rollout until it ends, or once. */
function watch(client: MeshdeckClient, context: string, namespace: string, service: string, follow: boolean, json: boolean): Promise<number> {
  return new Promise((resolve) => {
    let last = '';
    const cancel = client.stream('canary.watch', { context, namespace, service }, {
      onEvent: (e) => {
        if (e.type === 'gone') { console.error(`There is no rollout of ${service} in ${namespace}.`); cancel(); resolve(1); return; }
        const v = e.view;
        if (json) console.log(JSON.stringify(v));
        else if (v.state.updatedAt !== last || !follow) { last = v.state.updatedAt; printView(v); if (follow) console.log('---'); }
        const ended = ['finalized', 'rolled-back', 'aborted'].includes(v.state.phase);
        if (!follow || ended) { cancel(); resolve(v.state.phase === 'rolled-back' || v.state.phase === 'aborted' ? 3 : 0); }
      },
      onError: (err) => { console.error(explain(err)); resolve(1); },
      onEnd: () => resolve(0),
    });
  });
}

const SPEC_OPTIONS = {
  stable: { type: 'string' as const }, canary: { type: 'string' as const }, steps: { type: 'string' as const }, hold: { type: 'string' as const },
  'min-success': { type: 'string' as const }, 'max-success-drop': { type: 'string' as const }, 'max-p99': { type: 'string' as const }, 'max-p99-ratio': { type: 'string' as const },
  'min-requests': { type: 'string' as const }, 'failure-limit': { type: 'string' as const }, 'approve-steps': { type: 'string' as const }, header: { type: 'string' as const },
  mirror: { type: 'string' as const }, 'scale-down': { type: 'boolean' as const }, 'route-api': { type: 'string' as const },
  image: { type: 'string' as const }, container: { type: 'string' as const },
};
const SPEC_SYNOPSIS = 'SERVICE -n NS --context NAME --stable V1 --canary V2 [--steps 5,10,25,50,100] [--hold 60] [--min-success 99] [--max-success-drop 1] [--max-p99 500] [--max-p99-ratio 1.5] [--min-requests 20] [--failure-limit 2] [--approve-steps 3] [--header name=value] [--mirror 10] [--scale-down] [--route-api istio|gateway-api] [--image IMAGE [--container NAME]] (--image: create the canary from the stable Deployment)';

const control = (action: CanaryAction, summary: string): Verb => ({
  words: `canary ${action}`, synopsis: 'SERVICE -n NS --context NAME [--json]', summary,
  options: { ...REF, ...JSON_FLAG }, positionals: ['SERVICE'], required: ['context', 'namespace'],
  async run({ client, values, positionals }) {
    const v = await client.call('canary.act', { context: str(values, 'context')!, namespace: str(values, 'namespace')!, service: positionals[0]!, action });
    if (flag(values, 'json')) console.log(JSON.stringify(v, null, 2));
    else printView(v);
    return 0;
  },
});

export const canaryVerbs: Verb[] = [
  {
    words: 'canary plan', synopsis: SPEC_SYNOPSIS, summary: 'what a rollout would write (the route as YAML) and what stands in the way; changes nothing',
    options: { ...REF, ...JSON_FLAG, ...SPEC_OPTIONS }, positionals: ['SERVICE'], required: ['context', 'namespace', 'stable', 'canary'],
    async run({ client, values, positionals }) {
      const { spec, error } = specOf(values, positionals[0]!);
      if (!spec) { console.error(`error: ${error}`); return 2; }
      const p = await client.call('canary.plan', { context: str(values, 'context')!, spec });
      if (flag(values, 'json')) { console.log(JSON.stringify(p, null, 2)); return p.problems.length ? 1 : 0; }
      process.stdout.write(p.yaml);
      console.error(`routing: ${p.routeApi} (${p.routeApiWhy})${p.createsWorkload ? `; creates Deployment ${p.createsWorkload}` : ''}`);
      for (const x of p.problems) console.error(`problem: ${x}`);
      return p.problems.length ? 1 : 0;
    },
  },
  {
    words: 'canary start', synopsis: `${SPEC_SYNOPSIS} [--watch]`, summary: 'starts a staged, metric-gated rollout (--watch follows and drives it)',
    options: { ...REF, ...JSON_FLAG, ...SPEC_OPTIONS, watch: { type: 'boolean' } }, positionals: ['SERVICE'], required: ['context', 'namespace', 'stable', 'canary'],
    async run({ client, values, positionals }) {
      const { spec, error } = specOf(values, positionals[0]!);
      if (!spec) { console.error(`error: ${error}`); return 2; }
      const v = await client.call('canary.start', { context: str(values, 'context')!, spec });
      if (flag(values, 'json') && !flag(values, 'watch')) console.log(JSON.stringify(v, null, 2));
      else printView(v);
      return flag(values, 'watch') ? watch(client, str(values, 'context')!, spec.namespace, spec.service, true, flag(values, 'json')) : 0;
    },
  },
  {
    words: 'canary status', synopsis: 'SERVICE -n NS --context NAME [--watch] [--json]', summary: 'the rollout, its steps and decision log; --watch follows it (and drives it when nobody else does)',
    options: { ...REF, ...JSON_FLAG, watch: { type: 'boolean' } }, positionals: ['SERVICE'], required: ['context', 'namespace'],
    run: ({ client, values, positionals }) => watch(client, str(values, 'context')!, str(values, 'namespace')!, positionals[0]!, flag(values, 'watch'), flag(values, 'json')),
  },
  {
    words: 'canary list', synopsis: '--context NAME [-n NS] [--json]', summary: 'the rollouts in the cluster (or a namespace)',
    options: { ...REF, ...JSON_FLAG }, required: ['context'],
    async run({ client, values }) {
      const r = await client.call('canary.list', { context: str(values, 'context')!, ...(str(values, 'namespace') ? { namespace: str(values, 'namespace') } : {}) });
      if (flag(values, 'json')) console.log(JSON.stringify(r, null, 2));
      else for (const v of r.rollouts) console.log(`${v.spec.namespace}/${v.spec.service}: ${v.summary}`);
      return 0;
    },
  },
  control('pause', 'holds the rollout where it is'),
  control('resume', 'goes on judging the current step (rewrites the route if someone changed it)'),
  control('promote', 'moves to the next step now'),
  { ...control('promote-full', 'sends all traffic to the canary now'), words: 'canary promote-full' },
  control('abort', 'sends all traffic back to stable'),
  control('finalize', 'at 100%: routes to the canary only (and scales stable down if the rollout asked)'),
  control('approve', 'lets a step that waits for approval start'),
  {
    words: 'sample deploy', synopsis: '--context NAME [--json]', summary: 'deploys the sample app (helloworld v1 and v2 and a caller); simulated traffic in the sandbox',
    options: { ...CONTEXT, ...JSON_FLAG }, required: ['context'],
    async run({ client, values }) {
      const r = await client.call('sample.deploy', { context: str(values, 'context')! });
      if (flag(values, 'json')) console.log(JSON.stringify(r));
      else console.log(`Deployed ${r.service} ${r.stableVersion} and ${r.canaryVersion} in ${r.namespace}${r.simulated ? ' (traffic simulated by the sandbox)' : ''}. Try: meshdeck canary start ${r.service} -n ${r.namespace} --context ${str(values, 'context')} --stable ${r.stableVersion} --canary ${r.canaryVersion} --watch`);
      return 0;
    },
  },
  {
    words: 'sample canary-health', synopsis: '--context NAME (--bad | --good)', summary: 'the sandbox\'s switch that makes the sample\'s canary fail, or healthy again',
    options: { ...CONTEXT, bad: { type: 'boolean' }, good: { type: 'boolean' } }, required: ['context'],
    async run({ client, values }) {
      if (flag(values, 'bad') === flag(values, 'good')) { console.error('error: say --bad or --good.'); return 2; }
      const r = await client.call('sample.canaryHealth', { context: str(values, 'context')!, healthy: flag(values, 'good') });
      console.log(r.healthy ? 'The sample\'s canary is healthy.' : 'The sample\'s canary now answers 30% errors, four times slower.');
      return 0;
    },
  },
];
